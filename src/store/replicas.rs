//! Replicas registered on this (primary) server. Registering and revoking are an
//! administrator's changes with changelog entries; a replica's contact at each pull is not (see
//! [`Store::record_replica_contact`]).

use redb::ReadableTable;

use super::changelog::ChangeOp;
use super::codec::{decode, encode};
use super::records::{next_id, put_record_in, record_in};
use super::tables::REPLICAS;
use super::{Store, StoreError};
use crate::domain::Timestamp;
use crate::domain::replica::{Contact, Replica, ReplicaId};
use crate::domain::user::UserId;

const WHAT: &str = "replica";

impl Store {
    /// Every registered replica, revoked ones too, in the order they were added.
    pub fn replicas(&self) -> Result<Vec<Replica>, StoreError> {
        let txn = self.read("reading replicas")?;
        let table = match txn.open_table(REPLICAS) {
            Ok(table) => table,
            // A database created before replicas existed has no such table until the first one.
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::db("opening replicas")(e)),
        };
        let mut out = Vec::new();
        for entry in table.iter().map_err(StoreError::db("reading replicas"))? {
            let (key, value) = entry.map_err(StoreError::db("reading replicas"))?;
            out.push(decode(value.value(), &format!("replica {}", key.value()))?);
        }
        Ok(out)
    }

    /// The active (not revoked) replica whose token has the SHA-256 `token_hash`. Every
    /// registration is compared in constant time, so the answer's timing says nothing about
    /// how close a guess came.
    pub fn active_replica_by_token(
        &self,
        token_hash: &[u8; 32],
    ) -> Result<Option<Replica>, StoreError> {
        let wanted = hex(token_hash);
        let mut found = None;
        for replica in self.replicas()? {
            if crate::auth::constant_time_eq(replica.token_hash.as_bytes(), wanted.as_bytes())
                && replica.is_active()
            {
                found = Some(replica);
            }
        }
        Ok(found)
    }

    /// Registers a replica for the token whose SHA-256 is `token_hash`.
    pub fn add_replica(
        &self,
        name: String,
        token_hash: &[u8; 32],
        author: Option<UserId>,
        now: Timestamp,
    ) -> Result<Replica, StoreError> {
        self.write("registering a replica", |txn| {
            let mut replica = Replica::new(name, hex(token_hash), author, now);
            replica.id = ReplicaId(next_id(txn, REPLICAS)?);
            put_record_in(
                txn,
                REPLICAS,
                replica.id.0,
                &replica,
                ChangeOp::Insert,
                author.map(|a| a.0),
            )?;
            Ok(replica)
        })
    }

    /// Withdraws the token of replica `id`: its next pull is refused. `None` when there is no
    /// such replica; a revoked one stays as it was.
    pub fn revoke_replica(
        &self,
        id: ReplicaId,
        author: Option<UserId>,
        now: Timestamp,
    ) -> Result<Option<Replica>, StoreError> {
        self.write("revoking a replica", |txn| {
            let Some(mut replica): Option<Replica> = record_in(txn, REPLICAS, id.0, WHAT)? else {
                return Ok(None);
            };
            if replica.revoked.is_none() {
                replica.revoked = Some(now);
                put_record_in(
                    txn,
                    REPLICAS,
                    id.0,
                    &replica,
                    ChangeOp::Update,
                    author.map(|a| a.0),
                )?;
            }
            Ok(Some(replica))
        })
    }

    /// Remembers a replica's pull: when, from where, and the position it holds.
    ///
    /// Written without a changelog entry, like sessions: it happens at every pull of every
    /// replica, and an entry per pull would put each replica permanently behind by the entries
    /// its own pulls wrote, and bury the administrators' changes in the audit log.
    pub fn record_replica_contact(
        &self,
        id: ReplicaId,
        contact: Contact,
    ) -> Result<(), StoreError> {
        let txn = self.begin_write("recording a replica's pull")?;
        {
            let mut table = txn
                .open_table(REPLICAS)
                .map_err(StoreError::db("opening replicas"))?;
            let current = table
                .get(id.0)
                .map_err(StoreError::db("reading a replica"))?
                .map(|v| decode::<Replica>(v.value(), &format!("replica {}", id.0)))
                .transpose()?;
            let Some(mut replica) = current else {
                return Ok(());
            };
            replica.contact = Some(contact);
            table
                .insert(id.0, encode(&replica, "replica")?.as_slice())
                .map_err(StoreError::db("writing a replica"))?;
        }
        // A pull that cannot be remembered is not worth an fsync of its own.
        txn.commit()
            .map_err(StoreError::db("recording a replica's pull"))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicas_are_registered_found_by_token_contacted_and_revoked() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let token = [7u8; 32];
        let other = [8u8; 32];
        let kiosk = store
            .add_replica("Kiosk".into(), &token, Some(UserId(1)), 100)
            .unwrap();
        let hall = store.add_replica("Hol".into(), &other, None, 101).unwrap();
        assert_eq!((kiosk.id, hall.id), (ReplicaId(1), ReplicaId(2)));
        assert_eq!(kiosk.token_hash, "07".repeat(32));
        let position = store.changelog_position().unwrap();

        let found = store.active_replica_by_token(&token).unwrap().unwrap();
        assert_eq!(found.name, "Kiosk");
        assert!(store.active_replica_by_token(&[9u8; 32]).unwrap().is_none());

        let contact = Contact {
            time: 200,
            position: Some(3),
            address: "192.0.2.9".into(),
        };
        store
            .record_replica_contact(kiosk.id, contact.clone())
            .unwrap();
        assert_eq!(store.replicas().unwrap()[0].contact, Some(contact));
        assert_eq!(
            store.changelog_position().unwrap(),
            position,
            "a pull writes no changelog entry"
        );
        // An unknown id is ignored.
        store
            .record_replica_contact(
                ReplicaId(99),
                Contact {
                    time: 1,
                    position: None,
                    address: String::new(),
                },
            )
            .unwrap();

        let revoked = store
            .revoke_replica(kiosk.id, Some(UserId(1)), 300)
            .unwrap()
            .unwrap();
        assert_eq!(revoked.revoked, Some(300));
        assert!(store.active_replica_by_token(&token).unwrap().is_none());
        assert_eq!(store.changelog_position().unwrap(), position + 1);
        // Revoking again changes nothing; an unknown replica is `None`.
        let again = store.revoke_replica(kiosk.id, None, 400).unwrap().unwrap();
        assert_eq!(again.revoked, Some(300));
        assert_eq!(store.changelog_position().unwrap(), position + 1);
        assert!(
            store
                .revoke_replica(ReplicaId(99), None, 1)
                .unwrap()
                .is_none()
        );
        assert!(store.active_replica_by_token(&other).unwrap().is_some());
    }
}
