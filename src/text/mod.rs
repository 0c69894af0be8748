//! Polish text: folding for search and slugs, plural forms, dates and money as people read them.

pub mod fold;
pub mod format;
pub mod markup;
pub mod plural;
pub mod progress;
