//! Progress bars of the long command-line jobs (map import, snapshots): one look, Polish labels.
//! indicatif draws on standard error only when it is a terminal, so scripts and logs stay clean.

use indicatif::{ProgressBar, ProgressStyle};

/// A bar labelled `label` over `length` steps (0 when not known yet; set it later).
pub fn bar(label: &'static str, length: u64) -> ProgressBar {
    let bar = ProgressBar::new(length);
    let style = ProgressStyle::with_template(
        "{msg:<12} [{bar:40}] {percent:>3}% ({elapsed}, zostało ok. {eta})",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(label);
    bar
}
