//! The Bank sprzętu: equipment items, their slug index, organisations' requests and the two
//! request indexes. Every step of an item's life is one transaction that writes the item (with
//! its history), the requests it changed, their changelog entries and the e-mails it causes.

use std::cell::RefCell;

use redb::{ReadableTable, WriteTransaction};

use super::changelog::ChangeOp;
use super::codec::decode;
use super::media::{PhotoChange, add_photos_to_records, change_photos_in};
use super::outbox::enqueue_in;
use super::records::{all_records, next_id, put_record_in, record_in};
use super::slugs;
use super::tables::{
    EQUIPMENT, EQUIPMENT_ITEM_REQUESTS, EQUIPMENT_ORG_REQUESTS, EQUIPMENT_REQUESTS,
    EQUIPMENT_SLUGS, ORGANIZATIONS, USERS,
};
use super::{Store, StoreError};
use crate::domain::equipment::{EquipmentId, EquipmentItem, EquipmentRequest, RequestId};
use crate::domain::mail::OutgoingMail;
use crate::domain::organization::{OrgId, Organization};
use crate::domain::user::{User, UserId};
use crate::media::Processed;

/// Slugs that are paths of their own under `/sprzet/`.
const RESERVED_SLUGS: &[&str] = &["nowy"];

/// An item with its requests as one step changes them, and the e-mails the step sends.
#[derive(Debug, Clone)]
pub struct EquipmentChange {
    pub item: EquipmentItem,
    /// The item's requests; a step may change them or push a new one (id 0).
    pub requests: Vec<EquipmentRequest>,
    /// Queued in the same transaction.
    pub mails: Vec<OutgoingMail>,
}

impl EquipmentChange {
    /// The request `id` as it is after the step.
    pub fn request(&self, id: RequestId) -> Option<&EquipmentRequest> {
        self.requests.iter().find(|r| r.id == id)
    }
}

/// Reads accounts and organisations inside a step's transaction (to address its e-mails).
/// A read error makes the whole step fail, with nothing written.
pub struct EquipmentLookup<'t> {
    txn: &'t WriteTransaction,
    failure: RefCell<Option<StoreError>>,
}

impl EquipmentLookup<'_> {
    pub fn user(&self, id: UserId) -> Option<User> {
        self.remember(record_in(self.txn, USERS, id.0, "user"))
    }

    pub fn organization(&self, id: OrgId) -> Option<Organization> {
        self.remember(record_in(self.txn, ORGANIZATIONS, id.0, "organisation"))
    }

    fn remember<T>(&self, read: Result<Option<T>, StoreError>) -> Option<T> {
        match read {
            Ok(value) => value,
            Err(e) => {
                self.failure.borrow_mut().get_or_insert(e);
                None
            }
        }
    }
}

impl Store {
    /// One equipment item (whatever its state: callers decide who may see it).
    pub fn equipment(&self, id: EquipmentId) -> Result<Option<EquipmentItem>, StoreError> {
        self.record(EQUIPMENT, id.0, "equipment item")
    }

    pub fn equipment_by_slug(&self, slug: &str) -> Result<Option<EquipmentItem>, StoreError> {
        self.record_by_slug(EQUIPMENT_SLUGS, EQUIPMENT, slug, "equipment item")
    }

    /// Every item, in id order (the search index at start, the staff queue, "my equipment").
    pub fn equipment_items(&self) -> Result<Vec<EquipmentItem>, StoreError> {
        all_records(self, EQUIPMENT, "equipment item")
    }

    /// The items for `ids` in the same order, read in one transaction (a result page).
    /// Ids that no longer exist are skipped.
    pub fn equipment_by_ids(&self, ids: &[EquipmentId]) -> Result<Vec<EquipmentItem>, StoreError> {
        self.records_by_ids(EQUIPMENT, ids.iter().map(|id| id.0), "equipment item")
    }

    pub fn equipment_request(&self, id: RequestId) -> Result<Option<EquipmentRequest>, StoreError> {
        self.record(EQUIPMENT_REQUESTS, id.0, "equipment request")
    }

    /// The requests for an item, oldest first.
    pub fn equipment_requests(
        &self,
        item: EquipmentId,
    ) -> Result<Vec<EquipmentRequest>, StoreError> {
        self.requests_by_index(EQUIPMENT_ITEM_REQUESTS, item.0)
    }

    /// An organisation's requests for equipment, oldest first.
    pub fn equipment_requests_of_organization(
        &self,
        org: OrgId,
    ) -> Result<Vec<EquipmentRequest>, StoreError> {
        self.requests_by_index(EQUIPMENT_ORG_REQUESTS, org.0)
    }

    fn requests_by_index(
        &self,
        index: redb::TableDefinition<(u64, u64), ()>,
        key: u64,
    ) -> Result<Vec<EquipmentRequest>, StoreError> {
        let what = "equipment requests";
        let txn = self.read(what)?;
        let index = txn.open_table(index).map_err(StoreError::db(what))?;
        let table = txn
            .open_table(EQUIPMENT_REQUESTS)
            .map_err(StoreError::db(what))?;
        let mut out = Vec::new();
        for entry in index
            .range((key, 0)..=(key, u64::MAX))
            .map_err(StoreError::db(what))?
        {
            let (k, _) = entry.map_err(StoreError::db(what))?;
            let id = k.value().1;
            if let Some(v) = table.get(id).map_err(StoreError::db(what))? {
                out.push(decode(v.value(), &format!("equipment request {id}"))?);
            }
        }
        Ok(out)
    }

    /// Stores a new item (its id is given here, its slug made unique) with its first history
    /// entry, in one transaction. Returns the item as stored.
    pub fn add_equipment(&self, item: EquipmentItem) -> Result<EquipmentItem, StoreError> {
        self.write("adding equipment", |txn| insert_item(txn, item))
    }

    /// Stores many new items with their requests in one transaction (demo data): all or
    /// nothing. The requests' `item` is set to the stored item's id. Returns how many items.
    pub fn insert_equipment(
        &self,
        items: Vec<(EquipmentItem, Vec<EquipmentRequest>)>,
    ) -> Result<usize, StoreError> {
        self.write("inserting equipment", |txn| {
            let count = items.len();
            for (item, requests) in items {
                let mut item = insert_item(txn, item)?;
                let mut numbered = Vec::with_capacity(requests.len());
                for mut request in requests {
                    let old = request.id;
                    request.item = item.id;
                    request.id = RequestId(0);
                    let stored = put_request(txn, request, None)?;
                    numbered.push((old, stored.id));
                }
                // The reservation points at the request's stored id.
                if let Some(old) = item.reserved_request
                    && let Some((_, new)) = numbered.iter().find(|(o, _)| *o == old)
                {
                    item.reserved_request = Some(*new);
                    put_item(txn, &item, ChangeOp::Update, None)?;
                }
            }
            Ok(count)
        })
    }

    /// Gives each listed item one photo, in one transaction (demo data).
    pub fn add_equipment_photos(
        &self,
        photos: Vec<(EquipmentId, Processed, String)>,
    ) -> Result<usize, StoreError> {
        let photos = photos
            .into_iter()
            .map(|(id, image, alt)| (id.0, image, alt))
            .collect();
        add_photos_to_records::<EquipmentItem>(self, EQUIPMENT, "equipment item", photos, |i| {
            &mut i.photos
        })
    }

    /// Applies a change to the photos of item `id`, with the image, in one transaction.
    pub fn change_equipment_photos(
        &self,
        id: EquipmentId,
        change: PhotoChange,
        author: Option<UserId>,
    ) -> Result<EquipmentItem, StoreError> {
        let author = author.map(|a| a.0);
        self.write("changing the photos of an equipment item", |txn| {
            let mut item: EquipmentItem = record_in(txn, EQUIPMENT, id.0, "equipment item")?
                .ok_or_else(|| StoreError::Conflict {
                    what: "ten sprzęt już nie istnieje".to_string(),
                })?;
            change_photos_in(txn, &mut item.photos, change, author)?;
            item.updated = crate::domain::now();
            put_item(txn, &item, ChangeOp::Update, author)?;
            Ok(item)
        })
    }

    /// One step in the life of item `id`, by `author`, in one transaction: `change` gets the
    /// item and its requests as they are now (and a way to read accounts and organisations for
    /// the e-mails), changes them and adds the e-mails — or refuses, and nothing is written.
    /// `None` when there is no such item.
    pub fn change_equipment<E>(
        &self,
        id: EquipmentId,
        author: Option<UserId>,
        change: impl FnOnce(&mut EquipmentChange, &EquipmentLookup) -> Result<(), E>,
    ) -> Result<Option<Result<EquipmentChange, E>>, StoreError> {
        self.write("changing equipment", |txn| {
            let Some(item) = record_in::<EquipmentItem>(txn, EQUIPMENT, id.0, "equipment item")?
            else {
                return Ok(None);
            };
            let before = requests_in(txn, id)?;
            let mut step = EquipmentChange {
                item: item.clone(),
                requests: before.clone(),
                mails: Vec::new(),
            };
            let lookup = EquipmentLookup {
                txn,
                failure: RefCell::new(None),
            };
            let outcome = change(&mut step, &lookup);
            if let Some(e) = lookup.failure.into_inner() {
                return Err(e);
            }
            if let Err(e) = outcome {
                return Ok(Some(Err(e)));
            }
            let author = author.map(|u| u.0);
            step.item.id = item.id;
            step.item.slug = item.slug.clone();
            if step.item != item {
                put_item(txn, &step.item, ChangeOp::Update, author)?;
            }
            let mut stored = Vec::with_capacity(step.requests.len());
            for mut request in std::mem::take(&mut step.requests) {
                request.item = item.id;
                if request.id.0 == 0 {
                    stored.push(put_request(txn, request, author)?);
                } else if before.iter().any(|b| b.id == request.id) {
                    if !before.contains(&request) {
                        put_record_in(
                            txn,
                            EQUIPMENT_REQUESTS,
                            request.id.0,
                            &request,
                            ChangeOp::Update,
                            author,
                        )?;
                    }
                    stored.push(request);
                }
            }
            step.requests = stored;
            for mail in &step.mails {
                enqueue_in(txn, mail.clone())?;
            }
            Ok(Some(Ok(step)))
        })
    }
}

/// The requests of `item` as seen inside `txn`, oldest first.
fn requests_in(
    txn: &WriteTransaction,
    item: EquipmentId,
) -> Result<Vec<EquipmentRequest>, StoreError> {
    let what = "equipment requests";
    let index = txn
        .open_table(EQUIPMENT_ITEM_REQUESTS)
        .map_err(StoreError::db(what))?;
    let mut out = Vec::new();
    for entry in index
        .range((item.0, 0)..=(item.0, u64::MAX))
        .map_err(StoreError::db(what))?
    {
        let (k, _) = entry.map_err(StoreError::db(what))?;
        let id = k.value().1;
        if let Some(request) = record_in(txn, EQUIPMENT_REQUESTS, id, "equipment request")? {
            out.push(request);
        }
    }
    Ok(out)
}

/// Numbers a new item, gives it a free slug and writes it.
fn insert_item(
    txn: &WriteTransaction,
    mut item: EquipmentItem,
) -> Result<EquipmentItem, StoreError> {
    item.id = EquipmentId(next_id(txn, EQUIPMENT)?);
    item.slug = free_slug(txn, &item.slug)?;
    let author = item.author.map(|u| u.0);
    put_item(txn, &item, ChangeOp::Insert, author)?;
    Ok(item)
}

/// A free slug for a new item ("sprzet" for an empty title).
fn free_slug(txn: &WriteTransaction, slug: &str) -> Result<String, StoreError> {
    let slugs = txn
        .open_table(EQUIPMENT_SLUGS)
        .map_err(StoreError::db("opening equipment slugs"))?;
    slugs::free_slug(&slugs, slug, "sprzet", RESERVED_SLUGS)
}

/// Writes an item and its slug (slugs never change once given).
fn put_item(
    txn: &WriteTransaction,
    item: &EquipmentItem,
    op: ChangeOp,
    author: Option<u64>,
) -> Result<(), StoreError> {
    {
        let mut slugs = txn
            .open_table(EQUIPMENT_SLUGS)
            .map_err(StoreError::db("opening equipment slugs"))?;
        slugs::claim_slug(&mut slugs, &item.slug, item.id.0, "/sprzet")?;
    }
    put_record_in(txn, EQUIPMENT, item.id.0, item, op, author)
}

/// Numbers and writes a new request with its two index entries.
fn put_request(
    txn: &WriteTransaction,
    mut request: EquipmentRequest,
    author: Option<u64>,
) -> Result<EquipmentRequest, StoreError> {
    request.id = RequestId(next_id(txn, EQUIPMENT_REQUESTS)?);
    put_record_in(
        txn,
        EQUIPMENT_REQUESTS,
        request.id.0,
        &request,
        ChangeOp::Insert,
        author.or(Some(request.user.0)).filter(|_| !request.demo),
    )?;
    for (index, key) in [
        (EQUIPMENT_ITEM_REQUESTS, request.item.0),
        (EQUIPMENT_ORG_REQUESTS, request.organization.0),
    ] {
        let mut table = txn
            .open_table(index)
            .map_err(StoreError::db("opening equipment request indexes"))?;
        table
            .insert((key, request.id.0), ())
            .map_err(StoreError::db("updating equipment request indexes"))?;
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordState;
    use crate::domain::equipment::{
        Condition, Donor, EquipmentCategory, Mode, RequestStatus, Status, Unit,
    };
    use crate::domain::mail::MailContent;

    fn item(slug: &str) -> EquipmentItem {
        EquipmentItem {
            id: EquipmentId(0),
            slug: slug.into(),
            title: "Krzesła konferencyjne".into(),
            category: EquipmentCategory::Furniture,
            condition: Condition::Good,
            quantity: 20,
            unit: Unit::Piece,
            description: "Krzesła z sali sesyjnej.".into(),
            pickup_address: "ul. Wały gen. Sikorskiego 8".into(),
            pickup_district: "Stare Miasto".into(),
            donor: Donor::Department {
                name: "Wydział Gospodarki Nieruchomości".into(),
            },
            mode: Mode::Transfer,
            return_by: None,
            photos: Vec::new(),
            state: RecordState::Published,
            status: Status::Available,
            reserved_for: None,
            reserved_request: None,
            handover: None,
            returned_on: None,
            rejection: None,
            published: Some(1),
            history: Vec::new(),
            created: 1,
            updated: 1,
            author: Some(UserId(1)),
            demo: false,
        }
    }

    fn request(org: u64) -> EquipmentRequest {
        EquipmentRequest {
            id: RequestId(0),
            item: EquipmentId(0),
            organization: OrgId(org),
            user: UserId(org + 100),
            justification: "Do świetlicy.".into(),
            status: RequestStatus::Open,
            created: 2,
            updated: 2,
            decided_by: None,
            reason: String::new(),
            demo: false,
        }
    }

    fn mail() -> OutgoingMail {
        let content = MailContent {
            subject: "Temat".into(),
            text: "Treść".into(),
            html: "<p>Treść</p>".into(),
        };
        OutgoingMail::new("a@example.pl", content, "test", 5)
    }

    #[test]
    fn slugs_are_unique_and_never_reserved_paths() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let a = store.add_equipment(item("krzesla")).unwrap();
        let b = store.add_equipment(item("krzesla")).unwrap();
        let c = store.add_equipment(item("nowy")).unwrap();
        assert_eq!((a.id, a.slug.as_str()), (EquipmentId(1), "krzesla"));
        assert_eq!(b.slug, "krzesla-2");
        assert_eq!(c.slug, "nowy-2");
        assert_eq!(
            store.equipment_by_slug("krzesla-2").unwrap().unwrap().id,
            b.id
        );
        assert_eq!(store.equipment_items().unwrap().len(), 3);
    }

    #[test]
    fn a_step_writes_item_requests_and_mail_together_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let stored = store.add_equipment(item("krzesla")).unwrap();
        let outcome = store
            .change_equipment(stored.id, Some(UserId(5)), |step, _| {
                step.requests.push(request(10));
                step.requests.push(request(11));
                step.mails.push(mail());
                Ok::<(), ()>(())
            })
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(
            outcome.requests.iter().map(|r| r.id).collect::<Vec<_>>(),
            [RequestId(1), RequestId(2)]
        );
        assert_eq!(store.equipment_requests(stored.id).unwrap().len(), 2);
        assert_eq!(
            store.equipment_requests_of_organization(OrgId(11)).unwrap()[0].id,
            RequestId(2)
        );
        assert_eq!(store.outbox_counts().unwrap().pending, 1);

        // A refusal writes nothing, not even the mail.
        let refused = store
            .change_equipment(stored.id, None, |step, _| {
                step.item.status = Status::Reserved;
                step.requests[0].status = RequestStatus::Approved;
                step.mails.push(mail());
                Err("nie teraz")
            })
            .unwrap()
            .unwrap();
        assert_eq!(refused.unwrap_err(), "nie teraz");
        assert_eq!(
            store.equipment(stored.id).unwrap().unwrap().status,
            Status::Available
        );
        assert_eq!(
            store
                .equipment_request(RequestId(1))
                .unwrap()
                .unwrap()
                .status,
            RequestStatus::Open
        );
        assert_eq!(store.outbox_counts().unwrap().pending, 1);

        // A change of a request is stored; the slug cannot be changed by a step.
        store
            .change_equipment(stored.id, None, |step, lookup| {
                assert!(lookup.user(UserId(1)).is_none());
                step.item.slug = "inny".into();
                step.requests[1].status = RequestStatus::Withdrawn;
                Ok::<(), ()>(())
            })
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(
            store
                .equipment_request(RequestId(2))
                .unwrap()
                .unwrap()
                .status,
            RequestStatus::Withdrawn
        );
        assert_eq!(store.equipment(stored.id).unwrap().unwrap().slug, "krzesla");
        assert!(
            store
                .change_equipment(EquipmentId(99), None, |_, _| Ok::<(), ()>(()))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn demo_requests_follow_their_item() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut reserved = item("namiot");
        reserved.status = Status::Reserved;
        reserved.reserved_for = Some(OrgId(11));
        reserved.reserved_request = Some(RequestId(2));
        let mut approved = request(11);
        approved.id = RequestId(2);
        approved.status = RequestStatus::Approved;
        let mut other = request(10);
        other.id = RequestId(1);
        let count = store
            .insert_equipment(vec![
                (item("krzesla"), vec![request(12)]),
                (reserved, vec![other, approved]),
            ])
            .unwrap();
        assert_eq!(count, 2);
        let namiot = store.equipment_by_slug("namiot").unwrap().unwrap();
        let requests = store.equipment_requests(namiot.id).unwrap();
        assert_eq!(requests.len(), 2);
        let approved = requests
            .iter()
            .find(|r| r.organization == OrgId(11))
            .unwrap();
        assert_eq!(namiot.reserved_request, Some(approved.id));
        assert_eq!(approved.item, namiot.id);
    }
}
