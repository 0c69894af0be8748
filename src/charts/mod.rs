//! Charts drawn on the server as SVG, placed inline in the page so that they need no JavaScript,
//! no image requests and follow the page's zoom. Every chart carries a `<title>` and `<desc>`
//! (its text alternative); pages also show the same numbers in a table for screen readers.

pub mod bars;
pub mod progress;
pub mod svg;

/// Colours of data series: each has a contrast of at least 4.5:1 against white, so bars and
/// their legend swatches stay distinguishable (WCAG 1.4.11), and they differ in lightness too.
pub const SERIES_COLOURS: [&str; 5] = ["#1f5f8b", "#a64b00", "#2e6b30", "#6a1b9a", "#555555"];
