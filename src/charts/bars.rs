//! Horizontal bars, one per row (a year, a legal basis …), each split into stacked segments of
//! the chart's series (above / below the threshold …), with the row's total written after it.

use super::SERIES_COLOURS;
use super::svg::{Anchor, FONT_SIZE, GRID_COLOUR, Svg, text_width};

const WIDTH: f64 = 640.0;
const ROW_HEIGHT: f64 = 30.0;
const BAR_HEIGHT: f64 = 18.0;
const GAP: f64 = 8.0;
const LEGEND_HEIGHT: f64 = 26.0;
const SWATCH: f64 = 12.0;

/// One row of the chart.
pub struct Bar {
    pub label: String,
    /// One value per series, in the chart's series order; negative values count as zero.
    pub values: Vec<f64>,
    /// The total as people read it, e.g. "12" or "1 234 567,00 zł".
    pub caption: String,
}

pub struct BarChart {
    /// Unique on the page.
    pub id: String,
    pub title: String,
    /// The text alternative: what the chart shows, in a sentence or two.
    pub description: String,
    /// Names of the stacked series; one name draws no legend.
    pub series: Vec<String>,
    pub bars: Vec<Bar>,
}

impl BarChart {
    pub fn to_svg(&self) -> String {
        let legend = if self.series.len() > 1 {
            LEGEND_HEIGHT
        } else {
            0.0
        };
        let height = legend + ROW_HEIGHT * self.bars.len().max(1) as f64 + GAP;
        let mut svg = Svg::new(&self.id, WIDTH, height, &self.title, &self.description);
        if legend > 0.0 {
            self.draw_legend(&mut svg);
        }
        self.draw_bars(&mut svg, legend);
        svg.finish()
    }

    fn draw_legend(&self, svg: &mut Svg) {
        let mut x = 0.0;
        for (index, name) in self.series.iter().enumerate() {
            svg.rect(x, 4.0, SWATCH, SWATCH, colour(index));
            svg.text(x + SWATCH + 6.0, 4.0 + SWATCH, Anchor::Start, name);
            x += SWATCH + 6.0 + text_width(name) + 18.0;
        }
    }

    fn draw_bars(&self, svg: &mut Svg, top: f64) {
        let label_width = self
            .bars
            .iter()
            .map(|bar| text_width(&bar.label))
            .fold(0.0, f64::max)
            .min(WIDTH * 0.35)
            + GAP;
        let caption_width = self
            .bars
            .iter()
            .map(|bar| text_width(&bar.caption))
            .fold(0.0, f64::max)
            + GAP;
        let track = (WIDTH - label_width - caption_width).max(1.0);
        let largest = self.bars.iter().map(total).fold(0.0, f64::max);
        let scale = if largest > 0.0 { track / largest } else { 0.0 };
        for (row, bar) in self.bars.iter().enumerate() {
            let y = top + ROW_HEIGHT * row as f64 + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
            let baseline = y + BAR_HEIGHT / 2.0 + FONT_SIZE * 0.35;
            svg.text(label_width - GAP, baseline, Anchor::End, &bar.label);
            let mut x = label_width;
            for (index, value) in bar.values.iter().enumerate() {
                let width = value.max(0.0) * scale;
                svg.rect(x, y, width, BAR_HEIGHT, colour(index));
                x += width;
            }
            svg.text(x + GAP / 2.0, baseline, Anchor::Start, &bar.caption);
        }
        let bottom = top + ROW_HEIGHT * self.bars.len().max(1) as f64;
        svg.line((label_width, top), (label_width, bottom), GRID_COLOUR);
    }
}

fn total(bar: &Bar) -> f64 {
    bar.values.iter().map(|value| value.max(0.0)).sum()
}

fn colour(index: usize) -> &'static str {
    SERIES_COLOURS[index % SERIES_COLOURS.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(bars: Vec<Bar>) -> BarChart {
        BarChart {
            id: "lata".into(),
            title: "Zamówienia według lat".into(),
            description: "Liczba zamówień z klauzulami w kolejnych latach.".into(),
            series: vec!["powyżej progu".into(), "poniżej progu".into()],
            bars,
        }
    }

    #[test]
    fn the_longest_bar_fills_the_track_and_segments_follow_each_other() {
        let svg = chart(vec![
            Bar {
                label: "2013".into(),
                values: vec![4.0, 8.0],
                caption: "12".into(),
            },
            Bar {
                label: "2014".into(),
                values: vec![3.0, 0.0],
                caption: "3".into(),
            },
        ])
        .to_svg();
        assert!(svg.contains(">powyżej progu</text>"));
        assert!(svg.contains(">2013</text>") && svg.contains(">12</text>"));
        // Four segments and two legend swatches.
        assert_eq!(svg.matches("<rect").count(), 6);
        assert!(svg.contains("<title id=\"lata-title\">"));
    }

    #[test]
    fn an_empty_or_zero_chart_still_draws_without_dividing_by_zero() {
        let empty = chart(vec![]).to_svg();
        assert!(empty.ends_with("</svg>") && !empty.contains("NaN"));
        let zero = chart(vec![Bar {
            label: "2020".into(),
            values: vec![0.0, -1.0],
            caption: "0".into(),
        }])
        .to_svg();
        assert!(!zero.contains("NaN") && !zero.contains("inf"));
    }
}
