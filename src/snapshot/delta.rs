//! A delta: what a read-only replica needs to go from one position of the primary's changelog
//! to a later one, built by the primary from one read transaction and applied by the replica in
//! one write transaction (DESIGN §8).
//!
//! A delta carries the *current* state of what the changelog entries name, not the entries
//! themselves: for every public record named in the entries its bytes (or its absence); for
//! every index of such a record table the entries that belong to those records now; and every
//! entry of a small table replaced as a whole (the settings). The replica puts and removes the
//! records, drops its own index entries of the touched records and inserts the primary's, and
//! replaces whole tables — so it ends up with the primary's public tables as they were when the
//! delta was read. The imported street map is big and replaced as a whole by an import: its
//! change asks for a full snapshot instead.
//!
//! The wire format is msgpack with named fields (`Delta`); keys and values are redb's own bytes,
//! checked against the registry before anything is written.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use redb::WriteTransaction;
use serde::{Deserialize, Serialize};

use super::SnapshotError;
use super::public::public_value;
use crate::domain::Timestamp;
use crate::store::{Follow, REGISTRY, Reach, Registered, Store, StoreError, registered};

/// The group of tables an import of the street map replaces: a change there needs a snapshot.
pub const MAP_GROUP: &str = "map_info_v1";

/// How much one delta may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A replica further behind than this many changelog entries gets a full snapshot instead.
    pub entries: usize,
    /// Records are added until their bytes pass this; the rest follows in the next delta.
    pub bytes: usize,
}

/// The limits the server answers with.
pub const LIMITS: Limits = Limits {
    entries: 10_000,
    bytes: 32 << 20,
};

/// Where a replica stands, as it says when it asks for changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Since {
    /// The newest changelog entry of the primary the replica holds.
    pub after: u64,
    /// The primary's instance id the replica's data comes from.
    pub instance: String,
    /// The primary's generation the replica's data comes from.
    pub generation: u64,
}

/// Why a replica must load a full snapshot instead of a delta.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resync {
    /// The replica's data comes from another instance.
    OtherInstance,
    /// The primary was restored from a backup since the replica's data was read.
    OtherGeneration,
    /// The replica claims entries the primary does not have.
    AheadOfPrimary,
    /// More entries are missing than one delta carries.
    TooFarBehind,
    /// Entries the replica needs are no longer in the changelog.
    MissingEntries,
    /// The street map was imported or removed (a whole set of big tables).
    MapReplaced,
}

impl Resync {
    /// What the operator reads in the replica's log.
    pub fn message(self) -> &'static str {
        match self {
            Resync::OtherInstance => "dane repliki pochodzą z innej instancji",
            Resync::OtherGeneration => "serwer miasta przywrócono z kopii zapasowej",
            Resync::AheadOfPrimary => {
                "replika ma zmiany, których serwer miasta nie zna (np. po przywróceniu starszej kopii)"
            }
            Resync::TooFarBehind => "replika jest zbyt daleko w tyle za serwerem miasta",
            Resync::MissingEntries => "brakuje zmian, których replika potrzebuje",
            Resync::MapReplaced => "na serwerze miasta wczytano albo usunięto mapę ulic",
        }
    }
}

/// Bytes that msgpack carries as one binary string (serde writes a `Vec<u8>` as a list of
/// numbers, up to twice as large).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Bytes, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Bytes;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a binary string")
            }

            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }

            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
        }
        deserializer.deserialize_byte_buf(Visitor)
    }
}

/// One change to a table of the replica.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    /// Record `id` of a `Follow::Records` table now holds `value`; `None`: it was deleted.
    Record {
        table: String,
        id: u64,
        value: Option<Bytes>,
    },
    /// The entries of a `Follow::IndexOf` table that belong to the records `records` are now
    /// exactly `entries`.
    Index {
        table: String,
        records: Vec<u64>,
        entries: Vec<(Bytes, Bytes)>,
    },
    /// A `Follow::WholeWith` table now holds exactly `entries`.
    Table {
        table: String,
        entries: Vec<(Bytes, Bytes)>,
    },
}

/// The changes from one position of the primary's changelog to a later one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delta {
    pub instance: String,
    pub generation: u64,
    /// The position the delta starts after (the replica's).
    pub from: u64,
    /// The position the replica holds once the delta is applied.
    pub to: u64,
    /// The primary's newest entry when the delta was read: more follow while `to` is below it.
    pub position: u64,
    /// When the primary read the data.
    pub as_of: Timestamp,
    pub ops: Vec<Op>,
}

/// Builds the delta a replica standing at `since` needs, from one read transaction, or says
/// why it needs a full snapshot instead.
pub fn build_delta(
    store: &Store,
    since: &Since,
    limits: Limits,
) -> Result<Result<Delta, Resync>, StoreError> {
    let txn = store.read("building a delta for a replica")?;
    let facts = store.facts_in(&txn)?;
    if since.instance != facts.instance_id {
        return Ok(Err(Resync::OtherInstance));
    }
    if since.generation != facts.generation {
        return Ok(Err(Resync::OtherGeneration));
    }
    if since.after > facts.changelog_position {
        return Ok(Err(Resync::AheadOfPrimary));
    }
    let entries = crate::store::changes_in(&txn, since.after, limits.entries.saturating_add(1))?;
    if entries.len() > limits.entries {
        return Ok(Err(Resync::TooFarBehind));
    }
    if entries
        .first()
        .is_some_and(|first| first.seq != since.after + 1)
    {
        return Ok(Err(Resync::MissingEntries));
    }

    let mut ops = Vec::new();
    let mut bytes = 0usize;
    let mut to = since.after;
    // Record table → ids named so far; groups of tables replaced as a whole.
    let mut touched: BTreeMap<&'static str, BTreeSet<u64>> = BTreeMap::new();
    let mut groups: BTreeSet<&'static str> = BTreeSet::new();
    for change in &entries {
        if bytes > limits.bytes {
            break;
        }
        to = change.seq;
        let Some(table) = registered(&change.table) else {
            continue;
        };
        match table.follow {
            Follow::Records => {
                if !touched.entry(table.name()).or_default().insert(change.key) {
                    continue;
                }
                let value = table.raw.get(&txn, &change.key.to_le_bytes())?;
                let value = value.map(|v| Bytes(public_value(table.name(), &v).into_owned()));
                bytes += value.as_ref().map_or(0, |v| v.0.len()) + 32;
                ops.push(Op::Record {
                    table: table.name().to_string(),
                    id: change.key,
                    value,
                });
            }
            Follow::WholeWith(MAP_GROUP) => return Ok(Err(Resync::MapReplaced)),
            Follow::WholeWith(group) => {
                groups.insert(group);
            }
            Follow::IndexOf { .. } | Follow::No => {}
        }
    }

    for (records_table, ids) in &touched {
        for index in REGISTRY.iter().filter(
            |t| matches!(t.follow, Follow::IndexOf { records, .. } if records == *records_table),
        ) {
            let Follow::IndexOf { refers, .. } = index.follow else {
                continue;
            };
            let mut entries = Vec::new();
            index.raw.for_each(&txn, &mut |key, value| {
                if refers
                    .record_id(key, value)
                    .is_some_and(|id| ids.contains(&id))
                {
                    entries.push((Bytes(key.to_vec()), Bytes(value.to_vec())));
                }
                Ok(())
            })?;
            ops.push(Op::Index {
                table: index.name().to_string(),
                records: ids.iter().copied().collect(),
                entries,
            });
        }
    }
    for group in groups {
        for table in REGISTRY
            .iter()
            .filter(|t| t.follow == Follow::WholeWith(group))
        {
            let mut entries = Vec::new();
            table.raw.for_each(&txn, &mut |key, value| {
                let value = public_value(table.name(), value).into_owned();
                entries.push((Bytes(key.to_vec()), Bytes(value)));
                Ok(())
            })?;
            ops.push(Op::Table {
                table: table.name().to_string(),
                entries,
            });
        }
    }
    Ok(Ok(Delta {
        instance: facts.instance_id,
        generation: facts.generation,
        from: since.after,
        to,
        position: facts.changelog_position,
        as_of: crate::domain::now(),
        ops,
    }))
}

impl Delta {
    /// Whether more entries follow this delta on the primary.
    pub fn has_more(&self) -> bool {
        self.to < self.position
    }

    /// Checks every operation against the registry before anything is written: it names a
    /// public table that follows the changelog the way the operation assumes, and every key and
    /// value fits that table (so that writing cannot fail or panic inside the database).
    pub fn check(&self) -> Result<(), SnapshotError> {
        if !(self.from <= self.to && self.to <= self.position) {
            return Err(SnapshotError::damaged(format!(
                "zakres zmian {}–{} nie zgadza się z pozycją {}",
                self.from, self.to, self.position
            )));
        }
        for op in &self.ops {
            let (name, fits) = match op {
                Op::Record { table, id, value } => (
                    table,
                    public(table).is_some_and(|t| {
                        t.follow == Follow::Records
                            && value
                                .as_ref()
                                .is_none_or(|v| t.raw.accepts(&id.to_le_bytes(), &v.0))
                    }),
                ),
                Op::Index {
                    table,
                    records,
                    entries,
                } => (
                    table,
                    public(table).is_some_and(|t| match t.follow {
                        Follow::IndexOf { refers, .. } => entries.iter().all(|(k, v)| {
                            t.raw.accepts(&k.0, &v.0)
                                && refers
                                    .record_id(&k.0, &v.0)
                                    .is_some_and(|id| records.contains(&id))
                        }),
                        _ => false,
                    }),
                ),
                Op::Table { table, entries } => (
                    table,
                    public(table).is_some_and(|t| {
                        matches!(t.follow, Follow::WholeWith(_))
                            && entries.iter().all(|(k, v)| t.raw.accepts(&k.0, &v.0))
                    }),
                ),
            };
            if !fits {
                return Err(SnapshotError::damaged(format!(
                    "zmiana tabeli {name} ma niewłaściwą postać"
                )));
            }
        }
        Ok(())
    }

    /// Writes the delta inside `txn`. Call [`Delta::check`] first.
    pub(crate) fn apply_in(&self, txn: &WriteTransaction) -> Result<(), StoreError> {
        let unknown = |name: &str| StoreError::Database {
            context: "applying a delta",
            reason: format!("unknown table {name}"),
        };
        // Consecutive records of one table share its open writer.
        let mut open: Option<(&str, Box<dyn crate::store::RawWriter + '_>)> = None;
        for op in &self.ops {
            match op {
                Op::Record { table, id, value } => {
                    if open.as_ref().is_none_or(|(name, _)| *name != table) {
                        // The previous table must be closed before another is opened.
                        drop(open.take());
                        let target = public(table).ok_or_else(|| unknown(table))?;
                        open = Some((table, target.raw.writer(txn)?));
                    }
                    let Some((_, writer)) = open.as_mut() else {
                        continue;
                    };
                    let key = id.to_le_bytes();
                    match value {
                        Some(value) => writer.insert(&key, &value.0)?,
                        None => writer.remove(&key)?,
                    }
                }
                Op::Index {
                    table,
                    records,
                    entries,
                } => {
                    drop(open.take());
                    let target = public(table).ok_or_else(|| unknown(table))?;
                    let Follow::IndexOf { refers, .. } = target.follow else {
                        return Err(unknown(table));
                    };
                    let records: HashSet<u64> = records.iter().copied().collect();
                    let mut writer = target.raw.writer(txn)?;
                    writer.retain(&mut |key, value| {
                        !refers
                            .record_id(key, value)
                            .is_some_and(|id| records.contains(&id))
                    })?;
                    for (key, value) in entries {
                        writer.insert(&key.0, &value.0)?;
                    }
                }
                Op::Table { table, entries } => {
                    drop(open.take());
                    let target = public(table).ok_or_else(|| unknown(table))?;
                    let mut writer = target.raw.writer(txn)?;
                    writer.retain(&mut |_, _| false)?;
                    for (key, value) in entries {
                        writer.insert(&key.0, &value.0)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The registered public table called `name`.
fn public(name: &str) -> Option<&'static Registered> {
    registered(name).filter(|t| t.reach == Reach::Public)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::organization::OrgId;

    use crate::snapshot::{Scope, Snapshot, export_to_file, load_into, no_progress};

    struct Pair {
        dir: tempfile::TempDir,
        primary: Store,
        replica: Store,
    }

    /// A primary with three organisations, an offer and an institution, and a replica loaded
    /// from its public snapshot.
    fn pair() -> Pair {
        let dir = tempfile::tempdir().unwrap();
        let primary = Store::open(&dir.path().join("primary")).unwrap();
        let orgs = crate::demo::organizations(3, crate::demo::DEFAULT_SEED);
        primary.insert_organizations(orgs).unwrap();
        let org = primary.organization(OrgId(1)).unwrap().unwrap();
        primary
            .insert_offer(offer_of(&org, "catering"), None)
            .unwrap();
        primary
            .insert_institution(institution("owes-torun"), None)
            .unwrap();
        let replica = Store::open(&dir.path().join("replica")).unwrap();
        let file = dir.path().join("public.pestor");
        export_to_file(&primary, Scope::Public, &file, &no_progress).unwrap();
        let snapshot = Snapshot::open(&file).unwrap();
        let txn = replica.begin_write("test").unwrap();
        load_into(&txn, &snapshot, &no_progress).unwrap();
        txn.commit().unwrap();
        Pair {
            dir,
            primary,
            replica,
        }
    }

    impl Pair {
        fn since(&self, after: u64) -> Since {
            let meta = self.primary.meta().unwrap().unwrap();
            Since {
                after,
                instance: meta.instance_id,
                generation: meta.generation,
            }
        }

        /// Builds the delta from `after`, round-trips it through msgpack and applies it.
        fn follow(&self, after: u64) -> Delta {
            let delta = build_delta(&self.primary, &self.since(after), LIMITS)
                .unwrap()
                .unwrap();
            let wire = rmp_serde::to_vec_named(&delta).unwrap();
            let delta: Delta = rmp_serde::from_slice(&wire).unwrap();
            delta.check().unwrap();
            let txn = self.replica.begin_write("test").unwrap();
            delta.apply_in(&txn).unwrap();
            txn.commit().unwrap();
            delta
        }

        /// The digest of the public tables of `store`, as a public snapshot gives it.
        fn public_digest(&self, store: &Store, name: &str) -> [u8; 32] {
            let file = self.dir.path().join(name);
            export_to_file(store, Scope::Public, &file, &no_progress).unwrap();
            Snapshot::open(&file).unwrap().content_digest()
        }

        fn assert_same_public_data(&self) {
            assert_eq!(
                self.public_digest(&self.primary, "p.pestor"),
                self.public_digest(&self.replica, "r.pestor"),
                "the replica's public tables equal the primary's"
            );
        }
    }

    fn offer_of(
        org: &crate::domain::organization::Organization,
        slug: &str,
    ) -> crate::domain::offer::Offer {
        use crate::domain::offer::*;
        Offer {
            id: OfferId(0),
            slug: slug.to_string(),
            organization: org.id,
            title: "Catering na spotkania".to_string(),
            category: "gastronomia/catering".to_string(),
            description: "Obiady i przerwy kawowe.".to_string(),
            price: Price::Negotiable,
            audience: vec![Audience::City],
            area_served: "Toruń".to_string(),
            photos: vec![],
            state: crate::domain::RecordState::Published,
            published: Some(1),
            rejection: None,
            created: 1,
            updated: 1,
            author: None,
            demo: false,
        }
    }

    fn institution(slug: &str) -> crate::domain::institution::Institution {
        crate::domain::institution::Institution {
            id: crate::domain::institution::InstitutionId(0),
            slug: slug.to_string(),
            ..crate::domain::institution::tests::sample()
        }
    }

    /// Deletes offer `id` with its index entries and a changelog entry, as a future "delete
    /// offer" action would (no such action exists yet): a deleted record of a table with an
    /// index keyed by (organisation, offer).
    fn delete_offer(store: &Store, id: u64) {
        let position = store.changelog_position().unwrap();
        let txn = store.begin_write("test").unwrap();
        for name in ["offers_v1", "offer_slugs_v1", "offers_by_org_v1"] {
            let table = registered(name).unwrap();
            let mut writer = table.raw.writer(&txn).unwrap();
            writer
                .retain(&mut |key, value| match table.follow {
                    Follow::Records => key != id.to_le_bytes(),
                    Follow::IndexOf { refers, .. } => refers.record_id(key, value) != Some(id),
                    _ => true,
                })
                .unwrap();
        }
        let change = crate::store::Change {
            seq: position + 1,
            time: 1,
            table: "offers_v1".into(),
            key: id,
            op: crate::store::ChangeOp::Delete,
            author: None,
        };
        registered("changes_v1")
            .unwrap()
            .raw
            .writer(&txn)
            .unwrap()
            .insert(
                &(position + 1).to_le_bytes(),
                &rmp_serde::to_vec_named(&change).unwrap(),
            )
            .unwrap();
        txn.commit().unwrap();
    }

    #[test]
    fn a_delta_brings_slugs_deletions_new_records_and_settings_across() {
        let pair = pair();
        pair.assert_same_public_data();
        let start = pair.primary.changelog_position().unwrap();

        // A slug change: the old address must stop resolving on the replica.
        let mut org = pair.primary.organization(OrgId(1)).unwrap().unwrap();
        let old_slug = org.slug.clone();
        org.slug = "nowy-adres".into();
        org.name = "Nowa Nazwa Stowarzyszenia".into();
        pair.primary.save_organization(org, None).unwrap();
        // A deleted record with a slug, and one with an index keyed by (organisation, id).
        let owes = pair
            .primary
            .institution_by_slug("owes-torun")
            .unwrap()
            .unwrap();
        pair.primary
            .delete_institution(owes.id, None, |_| Ok(()))
            .unwrap();
        delete_offer(&pair.primary, 1);
        // A new record with both kinds of index entries.
        let org2 = pair.primary.organization(OrgId(2)).unwrap().unwrap();
        pair.primary
            .insert_offer(offer_of(&org2, "druk"), None)
            .unwrap();
        // The settings, replaced as a whole — without the mail server's log-in.
        pair.primary
            .save_settings(
                &crate::snapshot::public::tests::settings_with_mail_password(),
                None,
            )
            .unwrap();

        let delta = pair.follow(start);
        assert_eq!(delta.to, pair.primary.changelog_position().unwrap());
        assert!(!delta.has_more());
        pair.assert_same_public_data();

        let replica = &pair.replica;
        assert!(replica.organization_by_slug(&old_slug).unwrap().is_none());
        let moved = replica.organization_by_slug("nowy-adres").unwrap().unwrap();
        assert_eq!(moved.name, "Nowa Nazwa Stowarzyszenia");
        assert!(replica.institution_by_slug("owes-torun").unwrap().is_none());
        assert!(replica.institution(owes.id).unwrap().is_none());
        assert!(replica.offer_by_slug("catering").unwrap().is_none());
        assert!(replica.offers_of_organization(OrgId(1)).unwrap().is_empty());
        let druk = replica.offer_by_slug("druk").unwrap().unwrap();
        assert_eq!(
            replica.offers_of_organization(OrgId(2)).unwrap(),
            vec![druk]
        );
        let settings = replica.settings().unwrap();
        assert_eq!(settings.gmina_name, "Gmina Chełmża");
        assert!(settings.smtp.is_none(), "no mail password on a replica");

        // Nothing new: an empty delta that keeps the position.
        let empty = pair.follow(delta.to);
        assert_eq!(
            (empty.from, empty.to, empty.ops.len()),
            (delta.to, delta.to, 0)
        );
    }

    #[test]
    fn a_delta_stops_at_its_byte_budget_and_the_next_one_goes_on() {
        let pair = pair();
        let start = pair.primary.changelog_position().unwrap();
        for n in 1..=3u64 {
            let mut org = pair.primary.organization(OrgId(n)).unwrap().unwrap();
            org.name = format!("Zmieniona nazwa {n}");
            pair.primary.save_organization(org, None).unwrap();
        }
        let small = Limits {
            entries: 100,
            bytes: 1,
        };
        let mut after = start;
        let mut rounds = 0;
        loop {
            let delta = build_delta(&pair.primary, &pair.since(after), small)
                .unwrap()
                .unwrap();
            delta.check().unwrap();
            let txn = pair.replica.begin_write("test").unwrap();
            delta.apply_in(&txn).unwrap();
            txn.commit().unwrap();
            rounds += 1;
            after = delta.to;
            if !delta.has_more() {
                break;
            }
            assert_eq!(delta.to, delta.from + 1, "one record per delta");
        }
        assert_eq!(rounds, 3);
        pair.assert_same_public_data();
    }

    #[test]
    fn a_replica_is_told_to_load_a_snapshot_when_a_delta_cannot_do() {
        let pair = pair();
        let position = pair.primary.changelog_position().unwrap();
        let ask = |since: Since, limits| build_delta(&pair.primary, &since, limits).unwrap();
        let resync = |since: Since| ask(since, LIMITS).err();

        let mut other = pair.since(position);
        other.instance = "0".repeat(32);
        assert_eq!(resync(other), Some(Resync::OtherInstance));
        let mut restored = pair.since(position);
        restored.generation += 1;
        assert_eq!(resync(restored), Some(Resync::OtherGeneration));
        assert_eq!(
            resync(pair.since(position + 1)),
            Some(Resync::AheadOfPrimary)
        );
        let few = Limits {
            entries: 2,
            bytes: LIMITS.bytes,
        };
        assert_eq!(
            ask(pair.since(position - 3), few).err(),
            Some(Resync::TooFarBehind)
        );
        assert!(ask(pair.since(position - 2), few).is_ok());

        pair.primary
            .replace_map(|_| {
                Ok::<_, StoreError>(crate::map::street::MapInfo {
                    kind: crate::map::street::MapKind::Mbtiles,
                    source: "torun.mbtiles".into(),
                    source_bytes: 0,
                    producer: String::new(),
                    imported: 1,
                    bounds: crate::map::street::Bounds {
                        west: 18.5,
                        south: 52.9,
                        east: 18.7,
                        north: 53.1,
                    },
                    min_zoom: 10,
                    max_zoom: 14,
                    stored_max_zoom: 14,
                    tile_format: "png".into(),
                    tiles: 0,
                    counts: Default::default(),
                })
            })
            .unwrap();
        assert_eq!(resync(pair.since(position)), Some(Resync::MapReplaced));
    }

    #[test]
    fn a_damaged_or_private_delta_fails_its_check() {
        let delta = |ops| Delta {
            instance: String::new(),
            generation: 1,
            from: 0,
            to: 1,
            position: 1,
            as_of: 1,
            ops,
        };
        let refused = [
            // Private tables never arrive, whatever the primary sends.
            Op::Record {
                table: "users_v1".into(),
                id: 1,
                value: Some(Bytes(vec![0x80])),
            },
            Op::Table {
                table: "organizations_v1".into(),
                entries: vec![],
            },
            Op::Record {
                table: "nie_ma_takiej".into(),
                id: 1,
                value: None,
            },
            // An index entry must belong to one of the records it is sent for.
            Op::Index {
                table: "organization_slugs_v1".into(),
                records: vec![1],
                entries: vec![(Bytes(b"obcy".to_vec()), Bytes(2u64.to_le_bytes().to_vec()))],
            },
            // A key that is not text where the table holds text.
            Op::Index {
                table: "organization_slugs_v1".into(),
                records: vec![1],
                entries: vec![(Bytes(vec![0xff, 0xfe]), Bytes(1u64.to_le_bytes().to_vec()))],
            },
        ];
        for op in refused {
            assert!(delta(vec![op.clone()]).check().is_err(), "{op:?}");
        }
        let mut backwards = delta(vec![]);
        backwards.to = 0;
        backwards.from = 1;
        assert!(backwards.check().is_err());
        assert!(delta(vec![]).check().is_ok());
        // Garbage on the wire is an error, never a panic.
        assert!(rmp_serde::from_slice::<Delta>(b"\x92\x01").is_err());
    }
}
