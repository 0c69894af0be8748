//! Slug tables (slug → record id): the free slug a new record gets.

use redb::{ReadableTable, Table};

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

/// Records `slug` as the slug of record `id`, refusing one that another record holds; `page`
/// is the register's path for the message (e.g. "/lokale").
pub(crate) fn claim_slug(
    slugs: &mut Table<&'static str, u64>,
    slug: &str,
    id: u64,
    page: &str,
) -> Result<(), StoreError> {
    let owner = slugs
        .get(slug)
        .map_err(StoreError::db("reading slugs"))?
        .map(|v| v.value());
    if owner.is_some_and(|owner| owner != id) {
        return Err(StoreError::Conflict {
            what: format!("adres {page}/{slug} jest już zajęty"),
        });
    }
    slugs
        .insert(slug, id)
        .map_err(StoreError::db("updating slugs"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use redb::{Database, TableDefinition};

    const SLUGS: TableDefinition<&str, u64> = TableDefinition::new("slugs");

    #[test]
    fn taken_and_reserved_slugs_get_a_number_and_a_held_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::create(dir.path().join("slugs.redb")).unwrap();
        let txn = db.begin_write().unwrap();
        let mut slugs = txn.open_table(SLUGS).unwrap();
        claim_slug(&mut slugs, "szeroka-12", 1, "/lokale").unwrap();
        let free =
            |wanted: &str, reserved: &[&str]| free_slug(&slugs, wanted, "lokal", reserved).unwrap();
        assert_eq!(free("szeroka-12", &[]), "szeroka-12-2");
        assert_eq!(free("nowy", &["nowy"]), "nowy-2");
        assert_eq!(free("--", &[]), "lokal");
        assert_eq!(free(&"a".repeat(100), &[]).len(), MAX_CHARS);
        claim_slug(&mut slugs, "szeroka-12", 1, "/lokale").expect("its own slug again");
        let refused = claim_slug(&mut slugs, "szeroka-12", 2, "/lokale").unwrap_err();
        assert!(
            refused.to_string().contains("/lokale/szeroka-12"),
            "{refused}"
        );
    }
}
