//! Every table of the database, in one place. redb cannot iterate tables it does not know by
//! definition, so snapshots and migrations walk this registry. Names carry a version suffix:
//! a change of a table's layout makes a new table and a migration copies the data.

use redb::TableDefinition;

/// Schema facts: `schema_version`, `instance_id`, `generation`.
pub(crate) const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");

/// Changelog: sequence number → msgpack `Change`.
pub(crate) const CHANGES: TableDefinition<u64, &[u8]> = TableDefinition::new("changes_v1");

/// Organisations: id → msgpack `Organization`.
pub(crate) const ORGANIZATIONS: TableDefinition<u64, &[u8]> =
    TableDefinition::new("organizations_v1");

/// Index: organisation slug → id.
pub(crate) const ORGANIZATION_SLUGS: TableDefinition<&str, u64> =
    TableDefinition::new("organization_slugs_v1");

/// Site settings: the single key "site" → msgpack `Settings`.
pub(crate) const SETTINGS: TableDefinition<&str, &[u8]> = TableDefinition::new("settings_v1");
