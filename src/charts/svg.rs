//! A small writer of SVG markup: every number is rounded to one decimal and every text escaped.

use std::fmt::Write;

use crate::text::markup::escape_xml;

pub const TEXT_COLOUR: &str = "#1a1a1a";
pub const GRID_COLOUR: &str = "#767676";
pub const FONT_SIZE: f64 = 14.0;

/// How a text is placed against its x coordinate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// An SVG drawing being written.
pub struct Svg {
    out: String,
}

impl Svg {
    /// Opens a drawing of `width` × `height` user units that scales to its container. `id` must
    /// be unique on the page: the title and description are referenced by it.
    pub fn new(id: &str, width: f64, height: f64, title: &str, description: &str) -> Svg {
        let id = escape_xml(id);
        let mut out = String::with_capacity(4096);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {}\" \
             role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"sans-serif\" \
             font-size=\"{}\">",
            number(width),
            number(height),
            number(FONT_SIZE),
        );
        let _ = write!(
            out,
            "<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
            escape_xml(title),
            escape_xml(description)
        );
        Svg { out }
    }

    pub fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: &str) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
            number(x),
            number(y),
            number(width.max(0.0)),
            number(height.max(0.0)),
            escape_xml(fill)
        );
    }

    /// A rectangle drawn only as an outline (the empty track of a progress bar).
    pub fn outline(&mut self, x: f64, y: f64, width: f64, height: f64, stroke: &str) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{}\"/>",
            number(x),
            number(y),
            number(width.max(0.0)),
            number(height.max(0.0)),
            escape_xml(stroke)
        );
    }

    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str) {
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>",
            number(from.0),
            number(from.1),
            number(to.0),
            number(to.1),
            escape_xml(stroke)
        );
    }

    /// Text whose baseline sits at `y`. Charts repeat their numbers in a table, so texts are
    /// hidden from assistive technology to avoid reading everything twice.
    pub fn text(&mut self, x: f64, y: f64, anchor: Anchor, content: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" fill=\"{TEXT_COLOUR}\" aria-hidden=\"true\">{}</text>",
            number(x),
            number(y),
            anchor.as_str(),
            escape_xml(content)
        );
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// A coordinate with at most one decimal and no trailing ".0" (shorter markup, stable tests).
fn number(value: f64) -> String {
    let value = if value.is_finite() { value } else { 0.0 };
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// A rough width of a text in user units, for laying out labels without font metrics
/// (sans-serif at 14 units averages about 0.55 em per character).
pub fn text_width(content: &str) -> f64 {
    content.chars().count() as f64 * FONT_SIZE * 0.55
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_an_accessible_escaped_drawing() {
        let mut svg = Svg::new("w", 100.0, 20.5, "Tytuł & <coś>", "Opis");
        svg.rect(0.0, 1.25, 10.04, -3.0, "#000");
        svg.text(5.0, 10.0, Anchor::Middle, "a<b");
        let markup = svg.finish();
        assert!(markup.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(markup.contains("viewBox=\"0 0 100 20.5\""));
        assert!(markup.contains("aria-labelledby=\"w-title w-desc\""));
        assert!(markup.contains("<title id=\"w-title\">Tytuł &amp; &lt;coś&gt;</title>"));
        assert!(
            markup.contains("<rect x=\"0\" y=\"1.3\" width=\"10\" height=\"0\" fill=\"#000\"/>")
        );
        assert!(markup.contains(">a&lt;b</text>"));
        assert!(markup.ends_with("</svg>"));
    }

    #[test]
    fn numbers_never_print_nan_or_infinity() {
        assert_eq!(number(f64::NAN), "0");
        assert_eq!(number(f64::INFINITY), "0");
        assert_eq!(number(-2.0), "-2");
        assert_eq!(number(0.05), "0.1");
    }
}
