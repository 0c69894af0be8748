//! Progress of one indicator: a bar from zero to the target filled up to the current value, with
//! marks for the baseline and the target. Values past the target stretch the scale, so that
//! 24 of 15 reads as more than done.

use super::SERIES_COLOURS;
use super::svg::{Anchor, GRID_COLOUR, Svg, text_width};

// Narrow, so that its texts stay readable in a card a third of the page wide.
const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 58.0;
const BAR_TOP: f64 = 6.0;
const BAR_HEIGHT: f64 = 20.0;
const MARGIN: f64 = 4.0;

pub struct ProgressChart {
    /// Unique on the page.
    pub id: String,
    pub title: String,
    /// The text alternative, e.g. "Wartość bieżąca 12 wobec docelowej 10 (wartość bazowa 0)."
    pub description: String,
    pub baseline: f64,
    pub current: f64,
    pub target: f64,
    /// The current value and the target as people read them (with units).
    pub labels: ProgressLabels,
}

pub struct ProgressLabels {
    pub current: String,
    pub target: String,
}

impl ProgressChart {
    pub fn to_svg(&self) -> String {
        let mut svg = Svg::new(&self.id, WIDTH, HEIGHT, &self.title, &self.description);
        let largest = [self.baseline, self.current, self.target]
            .into_iter()
            .map(|value| value.max(0.0))
            .fold(0.0, f64::max);
        let track = WIDTH - 2.0 * MARGIN;
        let x_of = |value: f64| {
            if largest > 0.0 {
                MARGIN + value.max(0.0) / largest * track
            } else {
                MARGIN
            }
        };
        svg.rect(
            MARGIN,
            BAR_TOP,
            x_of(self.current) - MARGIN,
            BAR_HEIGHT,
            SERIES_COLOURS[0],
        );
        svg.outline(
            MARGIN,
            BAR_TOP,
            x_of(self.target) - MARGIN,
            BAR_HEIGHT,
            GRID_COLOUR,
        );
        let label_y = BAR_TOP + BAR_HEIGHT + 20.0;
        let baseline_x = x_of(self.baseline);
        svg.line(
            (baseline_x, BAR_TOP - 4.0),
            (baseline_x, BAR_TOP + BAR_HEIGHT + 4.0),
            GRID_COLOUR,
        );
        let target_x = x_of(self.target);
        svg.line(
            (target_x, BAR_TOP - 4.0),
            (target_x, BAR_TOP + BAR_HEIGHT + 4.0),
            GRID_COLOUR,
        );
        // The current value under the left end, the target under its mark: they never meet
        // unless the target is tiny against the current value, and then the target goes right.
        let current = format!("obecnie: {}", self.labels.current);
        svg.text(MARGIN, label_y, Anchor::Start, &current);
        let target = format!("cel: {}", self.labels.target);
        let room_after_current = MARGIN + text_width(&current) + 12.0;
        let target_anchor_x = target_x.max(room_after_current + text_width(&target) / 2.0);
        svg.text(
            target_anchor_x.min(WIDTH - text_width(&target) / 2.0),
            label_y,
            Anchor::Middle,
            &target,
        );
        svg.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(baseline: f64, current: f64, target: f64) -> String {
        ProgressChart {
            id: "wskaznik-1".into(),
            title: "Liczba zastosowań klauzul społecznych".into(),
            description: format!("Obecnie {current} wobec celu {target}."),
            baseline,
            current,
            target,
            labels: ProgressLabels {
                current: current.to_string(),
                target: target.to_string(),
            },
        }
        .to_svg()
    }

    #[test]
    fn a_value_past_the_target_stretches_the_scale() {
        let svg = chart(0.0, 24.0, 15.0);
        // The filled bar spans the whole track (292); the target outline ends at 15/24 of it.
        assert!(svg.contains("<rect x=\"4\" y=\"6\" width=\"292\" height=\"20\""));
        assert!(svg.contains("width=\"182.5\" height=\"20\" fill=\"none\""));
        assert!(svg.contains(">obecnie: 24</text>") && svg.contains(">cel: 15</text>"));
    }

    #[test]
    fn all_zero_draws_an_empty_bar() {
        let svg = chart(0.0, 0.0, 0.0);
        assert!(svg.contains("width=\"0\" height=\"20\""));
        assert!(!svg.contains("NaN"));
    }
}
