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

/// Users: id → msgpack `User`.
pub(crate) const USERS: TableDefinition<u64, &[u8]> = TableDefinition::new("users_v1");

/// Index: normalised e-mail → user id.
pub(crate) const USER_EMAILS: TableDefinition<&str, u64> = TableDefinition::new("user_emails_v1");

/// Sessions: SHA-256 of the cookie token → msgpack `Session`. Per-instance secrets: not in the
/// changelog, never replicated.
pub(crate) const SESSIONS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("sessions_v1");

/// One-time links (e-mail verification, password reset): SHA-256 of the token → msgpack
/// `OneTimeToken`. Per-instance secrets like sessions.
pub(crate) const TOKENS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("tokens_v1");

/// The e-mail outbox: id → msgpack `OutgoingMail`. Bodies hold live one-time links, so a replica
/// or a public kiosk must not receive this table.
pub(crate) const OUTBOX: TableDefinition<u64, &[u8]> = TableDefinition::new("outbox_v1");

/// Index: (next attempt, id) of every pending message — what the sender reads.
pub(crate) const OUTBOX_DUE: TableDefinition<(i64, u64), ()> =
    TableDefinition::new("outbox_due_v1");

/// Index: (status code, id) of every message — the filtered outbox page and its counts.
pub(crate) const OUTBOX_BY_STATUS: TableDefinition<(u8, u64), ()> =
    TableDefinition::new("outbox_by_status_v1");

/// Claims to represent organisations: id → msgpack `Claim`.
pub(crate) const CLAIMS: TableDefinition<u64, &[u8]> = TableDefinition::new("claims_v1");

/// Documents attached to claims: id → msgpack `Document` (bytes inside).
pub(crate) const DOCUMENTS: TableDefinition<u64, &[u8]> = TableDefinition::new("documents_v1");

/// Images of records (photos, logos): id → msgpack `StoredImage` (display and thumbnail JPEG
/// bytes inside). Part of snapshots and replicas.
pub(crate) const MEDIA: TableDefinition<u64, &[u8]> = TableDefinition::new("media_v1");

/// Subscriptions to new listings: id → msgpack `Subscription`. Personal data (e-mail
/// addresses): not for public replicas.
pub(crate) const SUBSCRIPTIONS: TableDefinition<u64, &[u8]> =
    TableDefinition::new("subscriptions_v1");

/// Index: the secret of a subscription's links → id.
pub(crate) const SUBSCRIPTION_KEYS: TableDefinition<&str, u64> =
    TableDefinition::new("subscription_keys_v1");

/// Index: SHA-256 of a pending confirmation token → subscription id.
pub(crate) const SUBSCRIPTION_CONFIRMATIONS: TableDefinition<&[u8], u64> =
    TableDefinition::new("subscription_confirmations_v1");

/// Every publication of a listing, in order: sequence → msgpack `Listing` (what digests send).
pub(crate) const PUBLISHED_LISTINGS: TableDefinition<u64, &[u8]> =
    TableDefinition::new("published_listings_v1");

/// Enquiries about listings with their messages: id → msgpack `Enquiry`. Private
/// correspondence: not for public replicas.
pub(crate) const ENQUIRIES: TableDefinition<u64, &[u8]> = TableDefinition::new("enquiries_v1");

/// Index: (user id, enquiry id) for every account taking part — the inbox.
pub(crate) const ENQUIRIES_BY_USER: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("enquiries_by_user_v1");
/// Equipment of the Bank sprzętu: id → msgpack `EquipmentItem`.
pub(crate) const EQUIPMENT: TableDefinition<u64, &[u8]> = TableDefinition::new("equipment_v1");

/// Index: equipment slug → id.
pub(crate) const EQUIPMENT_SLUGS: TableDefinition<&str, u64> =
    TableDefinition::new("equipment_slugs_v1");

/// Organisations' requests for equipment: id → msgpack `EquipmentRequest`.
pub(crate) const EQUIPMENT_REQUESTS: TableDefinition<u64, &[u8]> =
    TableDefinition::new("equipment_requests_v1");

/// Index: (item id, request id) of every request — the requests of an item.
pub(crate) const EQUIPMENT_ITEM_REQUESTS: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("equipment_item_requests_v1");

/// Index: (organisation id, request id) of every request — an organisation's requests.
pub(crate) const EQUIPMENT_ORG_REQUESTS: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("equipment_org_requests_v1");
/// Needs (zapotrzebowanie): id → msgpack `Need`.
pub(crate) const NEEDS: TableDefinition<u64, &[u8]> = TableDefinition::new("needs_v1");

/// Index: need slug → id.
pub(crate) const NEED_SLUGS: TableDefinition<&str, u64> = TableDefinition::new("need_slugs_v1");

/// Responses to needs: id → msgpack `NeedResponse`.
pub(crate) const NEED_RESPONSES: TableDefinition<u64, &[u8]> =
    TableDefinition::new("need_responses_v1");

/// Index: (need id, response id) of every response.
pub(crate) const NEED_RESPONSES_BY_NEED: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("need_responses_by_need_v1");

/// Index: (organisation id, response id) of every response.
pub(crate) const NEED_RESPONSES_BY_ORGANIZATION: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("need_responses_by_organization_v1");
/// Offers (Produkty i usługi): id → msgpack `Offer`.
pub(crate) const OFFERS: TableDefinition<u64, &[u8]> = TableDefinition::new("offers_v1");

/// Index: offer slug → id.
pub(crate) const OFFER_SLUGS: TableDefinition<&str, u64> = TableDefinition::new("offer_slugs_v1");

/// Index: (organisation id, offer id) of every offer — an organisation's offers.
pub(crate) const OFFERS_BY_ORG: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("offers_by_org_v1");
/// Municipal premises (Baza lokalowa): id → msgpack `Premises`.
pub(crate) const PREMISES: TableDefinition<u64, &[u8]> = TableDefinition::new("premises_v1");

/// Index: premises slug → id.
pub(crate) const PREMISES_SLUGS: TableDefinition<&str, u64> =
    TableDefinition::new("premises_slugs_v1");

/// Organisations' applications for premises: id → msgpack `PremisesApplication`.
pub(crate) const PREMISES_APPLICATIONS: TableDefinition<u64, &[u8]> =
    TableDefinition::new("premises_applications_v1");

/// Index: (premises id, application id) of every application.
pub(crate) const PREMISES_APPLICATIONS_BY_PREMISES: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("premises_applications_by_premises_v1");

/// Index: (organisation id, application id) of every application.
pub(crate) const PREMISES_APPLICATIONS_BY_ORG: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("premises_applications_by_org_v1");
/// Support institutions (Mapa wsparcia): id → msgpack `Institution`.
pub(crate) const INSTITUTIONS: TableDefinition<u64, &[u8]> =
    TableDefinition::new("institutions_v1");

/// Index: institution slug → id.
pub(crate) const INSTITUTION_SLUGS: TableDefinition<&str, u64> =
    TableDefinition::new("institution_slugs_v1");

/// Procurements with social clauses (`/klauzule`): id → msgpack `Procurement`.
pub(crate) const PROCUREMENTS: TableDefinition<u64, &[u8]> =
    TableDefinition::new("procurements_v1");

/// Index: procurement slug → id.
pub(crate) const PROCUREMENT_SLUGS: TableDefinition<&str, u64> =
    TableDefinition::new("procurement_slugs_v1");

/// The imported street-level map: the single record `1` → msgpack `MapInfo`. Its changelog
/// entry tells replicas that the map tables below were replaced as a whole.
pub(crate) const MAP_INFO: TableDefinition<u64, &[u8]> = TableDefinition::new("map_info_v1");

/// Tiles of the imported map: (z, x, y) → PNG/JPEG/WebP bytes as served.
pub(crate) const MAP_TILES: TableDefinition<(u8, u32, u32), &[u8]> =
    TableDefinition::new("map_tiles_v1");

/// Features of an imported extract by zoom-14 bucket: (x, y) → compact feature list
/// (`map::street::feature::encode`).
pub(crate) const MAP_FEATURES: TableDefinition<(u32, u32), &[u8]> =
    TableDefinition::new("map_features_v1");

/// Read-only replicas (kiosks) an administrator registered: id → msgpack `Replica` (name,
/// SHA-256 of its token, last contact). Secrets of this instance: never replicated.
pub(crate) const REPLICAS: TableDefinition<u64, &[u8]> = TableDefinition::new("replicas_v1");

/// Indicators of the cooperation programme (Monitoring programu): id → msgpack `Indicator`
/// (its measurements inside).
pub(crate) const INDICATORS: TableDefinition<u64, &[u8]> = TableDefinition::new("indicators_v1");
/// Index: indicator slug → id.
pub(crate) const INDICATOR_SLUGS: TableDefinition<&str, u64> =
    TableDefinition::new("indicator_slugs_v1");
/// Events of the cooperation programme: id → msgpack `ProgrammeEvent`.
pub(crate) const PROGRAMME_EVENTS: TableDefinition<u64, &[u8]> =
    TableDefinition::new("programme_events_v1");
/// Index: programme event slug → id.
pub(crate) const PROGRAMME_EVENT_SLUGS: TableDefinition<&str, u64> =
    TableDefinition::new("programme_event_slugs_v1");

/// Who receives a table in a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Only full backups: accounts, sessions and one-time links, the outbox, subscriptions,
    /// private correspondence and documents, the changelog and the instance's own facts.
    Backup,
    /// Also the public copies that read-only replicas (kiosks) receive.
    Public,
}

/// How a replica keeps a public table current from the changelog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    /// Records keyed by id; changelog entries name this table and the id.
    Records,
    /// Entries derived from the records of the table `records`; each entry belongs to the
    /// record id that `refers` finds in it, and is replaced together with that record.
    IndexOf {
        records: &'static str,
        refers: Refers,
    },
    /// Replaced as a whole whenever the changelog names the table `with` (small tables keyed by
    /// text, and the imported map, which is replaced as a whole by an import).
    WholeWith(&'static str),
    /// Not replicated (`Reach::Backup` tables).
    No,
}

/// Where an index entry keeps the id of the record it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refers {
    /// The value is the record id (slug → id).
    Value,
    /// The key is (other id, record id).
    SecondKey,
}

impl Refers {
    /// The record id in an entry of an index table, from redb's bytes of its key and value.
    pub fn record_id(self, key: &[u8], value: &[u8]) -> Option<u64> {
        let bytes = match self {
            Refers::Value => value,
            Refers::SecondKey => key.get(8..16)?,
        };
        Some(u64::from_le_bytes(bytes.try_into().ok()?))
    }
}

/// A table known to snapshots, migrations and replicas.
pub(crate) struct Registered {
    pub raw: &'static dyn super::raw::RawTable,
    pub reach: Reach,
    pub follow: Follow,
}

impl Registered {
    pub fn name(&self) -> &str {
        self.raw.name()
    }
}

macro_rules! registry {
    ($($table:ident: $reach:ident, $follow:expr;)*) => {
        /// Every table of the database. A table missing here would be missing from snapshots:
        /// a unit test compares this list with the tables a fresh database has.
        pub(crate) static REGISTRY: &[Registered] = &[
            $(Registered {
                raw: &super::raw::Typed($table),
                reach: Reach::$reach,
                follow: $follow,
            },)*
        ];
    };
}

use Follow::{IndexOf, No, Records, WholeWith};

registry! {
    META: Backup, No;
    CHANGES: Backup, No;
    SETTINGS: Public, WholeWith("settings_v1");
    ORGANIZATIONS: Public, Records;
    ORGANIZATION_SLUGS: Public, IndexOf { records: "organizations_v1", refers: Refers::Value };
    USERS: Backup, No;
    USER_EMAILS: Backup, No;
    SESSIONS: Backup, No;
    TOKENS: Backup, No;
    OUTBOX: Backup, No;
    OUTBOX_DUE: Backup, No;
    OUTBOX_BY_STATUS: Backup, No;
    CLAIMS: Backup, No;
    DOCUMENTS: Backup, No;
    MEDIA: Public, Records;
    SUBSCRIPTIONS: Backup, No;
    SUBSCRIPTION_KEYS: Backup, No;
    SUBSCRIPTION_CONFIRMATIONS: Backup, No;
    PUBLISHED_LISTINGS: Backup, No;
    ENQUIRIES: Backup, No;
    ENQUIRIES_BY_USER: Backup, No;
    EQUIPMENT: Public, Records;
    EQUIPMENT_SLUGS: Public, IndexOf { records: "equipment_v1", refers: Refers::Value };
    EQUIPMENT_REQUESTS: Backup, No;
    EQUIPMENT_ITEM_REQUESTS: Backup, No;
    EQUIPMENT_ORG_REQUESTS: Backup, No;
    NEEDS: Public, Records;
    NEED_SLUGS: Public, IndexOf { records: "needs_v1", refers: Refers::Value };
    // Public pages show how many organisations answered a need; the answers themselves are
    // shown only to signed-in parties, which a replica has none of.
    NEED_RESPONSES: Public, Records;
    NEED_RESPONSES_BY_NEED: Public,
        IndexOf { records: "need_responses_v1", refers: Refers::SecondKey };
    NEED_RESPONSES_BY_ORGANIZATION: Public,
        IndexOf { records: "need_responses_v1", refers: Refers::SecondKey };
    OFFERS: Public, Records;
    OFFER_SLUGS: Public, IndexOf { records: "offers_v1", refers: Refers::Value };
    OFFERS_BY_ORG: Public, IndexOf { records: "offers_v1", refers: Refers::SecondKey };
    PREMISES: Public, Records;
    PREMISES_SLUGS: Public, IndexOf { records: "premises_v1", refers: Refers::Value };
    PREMISES_APPLICATIONS: Backup, No;
    PREMISES_APPLICATIONS_BY_PREMISES: Backup, No;
    PREMISES_APPLICATIONS_BY_ORG: Backup, No;
    INSTITUTIONS: Public, Records;
    INSTITUTION_SLUGS: Public, IndexOf { records: "institutions_v1", refers: Refers::Value };
    MAP_INFO: Public, WholeWith("map_info_v1");
    MAP_TILES: Public, WholeWith("map_info_v1");
    MAP_FEATURES: Public, WholeWith("map_info_v1");
    REPLICAS: Backup, No;
    PROCUREMENTS: Public, Records;
    PROCUREMENT_SLUGS: Public, IndexOf { records: "procurements_v1", refers: Refers::Value };
    INDICATORS: Public, Records;
    INDICATOR_SLUGS: Public, IndexOf { records: "indicators_v1", refers: Refers::Value };
    PROGRAMME_EVENTS: Public, Records;
    PROGRAMME_EVENT_SLUGS: Public,
        IndexOf { records: "programme_events_v1", refers: Refers::Value };
}

/// The registered table called `name`.
pub(crate) fn registered(name: &str) -> Option<&'static Registered> {
    REGISTRY.iter().find(|t| t.name() == name)
}

#[cfg(test)]
mod tests {
    use redb::TableHandle;

    use super::*;

    #[test]
    fn the_registry_lists_every_table_of_a_new_database_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(dir.path()).unwrap();
        let txn = store.read("test").unwrap();
        let mut existing: Vec<String> = txn
            .list_tables()
            .unwrap()
            .map(|t| t.name().to_string())
            .collect();
        existing.sort();
        let mut registered: Vec<String> = REGISTRY.iter().map(|t| t.name().to_string()).collect();
        registered.sort();
        let before = registered.len();
        registered.dedup();
        assert_eq!(registered.len(), before, "a table is registered twice");
        assert_eq!(existing, registered);
        drop(txn);
        drop(store);
    }

    #[test]
    fn index_entries_name_their_record() {
        use redb::Value;
        let key = <(u64, u64)>::as_bytes(&(7, 42)).to_vec();
        assert_eq!(Refers::SecondKey.record_id(&key, &[]), Some(42));
        assert_eq!(
            Refers::Value.record_id(b"slug", &42u64.to_le_bytes()),
            Some(42)
        );
        assert_eq!(Refers::Value.record_id(b"slug", b"short"), None);
    }

    #[test]
    fn follow_rules_point_at_registered_public_tables() {
        for table in REGISTRY {
            match table.follow {
                Follow::No => assert_eq!(table.reach, Reach::Backup, "{}", table.name()),
                Follow::Records => assert_eq!(table.reach, Reach::Public),
                Follow::IndexOf { records, .. } | Follow::WholeWith(records) => {
                    let target = registered(records).expect(records);
                    assert_eq!(target.reach, Reach::Public, "{}", table.name());
                }
            }
        }
    }
}
