//! Schema version, instance identity and migrations.
//!
//! The schema version is the length of `MIGRATIONS`: adding a migration at the end raises it.
//! A database with a higher version than this program knows is refused, never touched.

use redb::{ReadTransaction, WriteTransaction};

use super::tables::{self, META};
use super::{Store, StoreError};

type Migration = fn(&WriteTransaction) -> Result<(), StoreError>;

/// Ordered list of migrations; index `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[Migration] = &[create_initial_tables];

pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Facts about this database.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub schema_version: u32,
    /// Random id given when the database was created; snapshots and replicas carry it.
    pub instance_id: String,
    /// Raised when the data is replaced wholesale (a restore), so replicas know to start over.
    pub generation: u64,
}

/// The facts a snapshot header carries, read in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub schema_version: u32,
    pub instance_id: String,
    pub generation: u64,
    pub changelog_position: u64,
}

const KEY_SCHEMA: &str = "schema_version";
const KEY_INSTANCE: &str = "instance_id";
const KEY_GENERATION: &str = "generation";
/// Set once the first start (demo data or `pestor init`) has happened.
const KEY_INITIALISED: &str = "initialised";

/// Brings the database to `SCHEMA_VERSION`, one migration per transaction.
pub(crate) fn migrate(store: &Store) -> Result<(), StoreError> {
    let mut version = store.meta()?.map(|m| m.schema_version).unwrap_or(0);
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    while version < SCHEMA_VERSION {
        let migration = MIGRATIONS[version as usize];
        let next = version + 1;
        store.write("migrating the schema", |txn| {
            if version == 0 {
                write_identity(txn)?;
            }
            migration(txn)?;
            put(txn, KEY_SCHEMA, &next.to_le_bytes())
        })?;
        // Creating a new database is not news; upgrading an existing one is.
        if version > 0 {
            log::info!("schema migrated to version {next}");
        }
        version = next;
    }
    Ok(())
}

fn write_identity(txn: &WriteTransaction) -> Result<(), StoreError> {
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).map_err(|e| StoreError::Database {
        context: "creating the instance id",
        reason: e.to_string(),
    })?;
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    put(txn, KEY_INSTANCE, hex.as_bytes())?;
    put(txn, KEY_GENERATION, &1u64.to_le_bytes())
}

/// Migration 1: create every registered table so that readers never meet a missing one.
fn create_initial_tables(txn: &WriteTransaction) -> Result<(), StoreError> {
    for table in tables::REGISTRY {
        table.raw.writer(txn)?;
    }
    Ok(())
}

fn put(txn: &WriteTransaction, key: &str, value: &[u8]) -> Result<(), StoreError> {
    let mut meta = txn
        .open_table(META)
        .map_err(StoreError::db("opening meta"))?;
    meta.insert(key, value)
        .map_err(StoreError::db("writing meta"))?;
    Ok(())
}

impl Store {
    /// The schema facts, or `None` for a database that was never initialised.
    pub fn meta(&self) -> Result<Option<Meta>, StoreError> {
        meta_in(&self.read("reading meta")?)
    }

    /// The schema facts and the changelog position as one read transaction sees them (what a
    /// snapshot's header says).
    pub(crate) fn facts_in(&self, txn: &ReadTransaction) -> Result<Facts, StoreError> {
        let meta = meta_in(txn)?.ok_or_else(|| StoreError::Corrupt {
            context: "meta".to_string(),
            reason: "the database was never initialised".to_string(),
        })?;
        Ok(Facts {
            schema_version: meta.schema_version,
            instance_id: meta.instance_id,
            generation: meta.generation,
            changelog_position: super::changelog::position_in(txn)?,
        })
    }

    /// Whether the instance has been set up (with demo data or empty by `pestor init`).
    pub fn is_initialised(&self) -> Result<bool, StoreError> {
        initialised_in(&self.read("reading meta")?)
    }

    pub fn mark_initialised(&self) -> Result<(), StoreError> {
        self.write("marking the instance initialised", |txn| {
            put(txn, KEY_INITIALISED, &[1])
        })
    }

    /// Test support: pretend the database was written by a newer program.
    #[doc(hidden)]
    pub fn force_schema_version_for_tests(&self, version: u32) -> Result<(), StoreError> {
        self.write("forcing the schema version", |txn| {
            put(txn, KEY_SCHEMA, &version.to_le_bytes())
        })
    }
}

/// Whether the instance had its first start, as `txn` sees it.
pub(super) fn initialised_in(txn: &ReadTransaction) -> Result<bool, StoreError> {
    let table = match txn.open_table(META) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(false),
        Err(e) => return Err(StoreError::db("opening meta")(e)),
    };
    let found = table
        .get(KEY_INITIALISED)
        .map_err(StoreError::db("reading meta"))?
        .is_some();
    Ok(found)
}

/// The schema facts as `txn` sees them, or `None` for a database that was never initialised.
pub(super) fn meta_in(txn: &ReadTransaction) -> Result<Option<Meta>, StoreError> {
    let table = match txn.open_table(META) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
        Err(e) => return Err(StoreError::db("opening meta")(e)),
    };
    let get = |key: &str| -> Result<Option<Vec<u8>>, StoreError> {
        Ok(table
            .get(key)
            .map_err(StoreError::db("reading meta"))?
            .map(|v| v.value().to_vec()))
    };
    let Some(schema) = get(KEY_SCHEMA)? else {
        return Ok(None);
    };
    let corrupt = |what: &str| StoreError::Corrupt {
        context: format!("meta {what}"),
        reason: "wrong length".to_string(),
    };
    let schema_version = u32::from_le_bytes(schema.try_into().map_err(|_| corrupt(KEY_SCHEMA))?);
    let instance_id = String::from_utf8_lossy(&get(KEY_INSTANCE)?.unwrap_or_default()).into_owned();
    let generation = match get(KEY_GENERATION)? {
        Some(bytes) => u64::from_le_bytes(bytes.try_into().map_err(|_| corrupt(KEY_GENERATION))?),
        None => 1,
    };
    Ok(Some(Meta {
        schema_version,
        instance_id,
        generation,
    }))
}

/// Test support and restores: sets the generation (raised when data is replaced wholesale).
pub(crate) fn set_generation(txn: &WriteTransaction, generation: u64) -> Result<(), StoreError> {
    put(txn, KEY_GENERATION, &generation.to_le_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_database_gets_identity_and_current_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let meta = store.meta().unwrap().unwrap();
        assert_eq!(meta.schema_version, SCHEMA_VERSION);
        assert_eq!(meta.instance_id.len(), 32);
        assert_eq!(meta.generation, 1);
    }

    #[test]
    fn reopening_keeps_the_identity() {
        let dir = tempfile::tempdir().unwrap();
        let first = Store::open(dir.path()).unwrap().meta().unwrap().unwrap();
        let second = Store::open(dir.path()).unwrap().meta().unwrap().unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn newer_schema_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        Store::open(dir.path())
            .unwrap()
            .force_schema_version_for_tests(SCHEMA_VERSION + 1)
            .unwrap();
        let err = Store::open(dir.path()).err().expect("refused");
        assert!(matches!(err, StoreError::NewerSchema { .. }), "{err}");
        // Still refused the second time: nothing was rewritten.
        assert!(Store::open(dir.path()).is_err());
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(crate::store::DATABASE_FILE);
        std::fs::write(&path, b"this is not a database, this is a letter").unwrap();
        let err = Store::open(dir.path()).err().expect("refused");
        assert!(matches!(err, StoreError::Unreadable { .. }), "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"this is not a database, this is a letter"
        );
    }

    #[test]
    fn a_second_opener_is_refused_while_the_first_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let _first = Store::open(dir.path()).unwrap();
        let err = Store::open(dir.path()).err().expect("refused");
        assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    }
}
