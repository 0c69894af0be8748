//! Slug tables (slug → record id): the free slug a new record gets.

use redb::ReadableTable;

use super::StoreError;

/// Slugs are cut to this many characters (before a numeric suffix).
const MAX_CHARS: usize = 72;

/// `wanted` (or `fallback` when it is empty), or `…-2`, `…-3` … when that is taken in `slugs`
/// or is one of `reserved` — the paths of a register's own pages, such as `nowy`.
pub(crate) fn free_slug(
    slugs: &impl ReadableTable<&'static str, u64>,
    wanted: &str,
    fallback: &str,
    reserved: &[&str],
) -> Result<String, StoreError> {
    let cut: String = wanted.chars().take(MAX_CHARS).collect();
    let base = match cut.trim_end_matches('-') {
        "" => fallback,
        trimmed => trimmed,
    };
    let mut candidate = base.to_string();
    let mut n = 1;
    while reserved.contains(&candidate.as_str())
        || slugs
            .get(candidate.as_str())
            .map_err(StoreError::db("reading slugs"))?
            .is_some()
    {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}
