//! Baza lokalowa: premises, their slug index, organisations' applications with their documents
//! and the two application indexes. A decision on an application writes it, its changelog entry
//! and the applicant's e-mail in one transaction.

use redb::{ReadableTable, WriteTransaction};

use super::changelog::ChangeOp;
use super::claims::put_document;
use super::codec::decode;
use super::media::{PhotoChange, add_photos_to_records, change_photos_in};
use super::outbox::enqueue_in;
use super::records::{all_records, next_id, put_record_in, record_in};
use super::slugs;
use super::tables::{
    PREMISES, PREMISES_APPLICATIONS, PREMISES_APPLICATIONS_BY_ORG,
    PREMISES_APPLICATIONS_BY_PREMISES, PREMISES_SLUGS, USERS,
};
use super::{Store, StoreError};
use crate::domain::document::Document;
use crate::domain::mail::OutgoingMail;
use crate::domain::organization::OrgId;
use crate::domain::premises::{ApplicationId, Premises, PremisesApplication, PremisesId};
use crate::domain::user::{User, UserId};
use crate::media::Processed;

/// Slugs that are paths of their own under `/lokale/`.
const RESERVED_SLUGS: &[&str] = &["nowy"];

impl Store {
    /// One premises record (whatever its state: callers decide who may see it).
    pub fn premises(&self, id: PremisesId) -> Result<Option<Premises>, StoreError> {
        self.record(PREMISES, id.0, "premises")
    }

    pub fn premises_by_slug(&self, slug: &str) -> Result<Option<Premises>, StoreError> {
        self.record_by_slug(PREMISES_SLUGS, PREMISES, slug, "premises")
    }

    /// Every premises record, in id order (the index at start, the staff list).
    pub fn all_premises(&self) -> Result<Vec<Premises>, StoreError> {
        all_records(self, PREMISES, "premises")
    }

    /// The premises for `ids` in the same order, read in one transaction (a result page).
    pub fn premises_by_ids(&self, ids: &[PremisesId]) -> Result<Vec<Premises>, StoreError> {
        self.records_by_ids(PREMISES, ids.iter().map(|id| id.0), "premises")
    }

    /// Stores new premises (its id given here, its slug made unique). Returns it as stored.
    pub fn add_premises(&self, premises: Premises) -> Result<Premises, StoreError> {
        self.write("adding premises", |txn| insert_premises(txn, premises))
    }

    /// Stores many premises with their applications in one transaction (demo data): all or
    /// nothing. Returns how many premises.
    pub fn insert_premises(
        &self,
        records: Vec<(Premises, Vec<PremisesApplication>)>,
    ) -> Result<usize, StoreError> {
        self.write("inserting premises", |txn| {
            let count = records.len();
            for (premises, applications) in records {
                let stored = insert_premises(txn, premises)?;
                for mut application in applications {
                    application.premises = stored.id;
                    put_application(txn, application, None)?;
                }
            }
            Ok(count)
        })
    }

    /// Changes premises `id` in one transaction: `change` gets the record as it is now and
    /// changes it, or refuses (nothing is written). `None` when there is no such premises. The
    /// slug never changes.
    pub fn change_premises<E>(
        &self,
        id: PremisesId,
        author: Option<UserId>,
        change: impl FnOnce(&mut Premises) -> Result<(), E>,
    ) -> Result<Option<Result<Premises, E>>, StoreError> {
        self.write("changing premises", |txn| {
            let Some(current) = record_in::<Premises>(txn, PREMISES, id.0, "premises")? else {
                return Ok(None);
            };
            let mut next = current.clone();
            if let Err(e) = change(&mut next) {
                return Ok(Some(Err(e)));
            }
            next.id = current.id;
            next.slug = current.slug.clone();
            if next != current {
                put_premises(txn, &next, ChangeOp::Update, author.map(|a| a.0))?;
            }
            Ok(Some(Ok(next)))
        })
    }

    /// Gives each listed premises one photo, in one transaction (demo data).
    pub fn add_premises_photos(
        &self,
        photos: Vec<(PremisesId, Processed, String)>,
    ) -> Result<usize, StoreError> {
        let photos = photos
            .into_iter()
            .map(|(id, image, alt)| (id.0, image, alt))
            .collect();
        add_photos_to_records::<Premises>(self, PREMISES, "premises", photos, |p| &mut p.photos)
    }

    /// Applies a change to the photos of premises `id`, with the image, in one transaction.
    pub fn change_premises_photos(
        &self,
        id: PremisesId,
        change: PhotoChange,
        author: Option<UserId>,
    ) -> Result<Premises, StoreError> {
        let author = author.map(|a| a.0);
        self.write("changing the photos of premises", |txn| {
            let mut premises: Premises =
                record_in(txn, PREMISES, id.0, "premises")?.ok_or_else(|| {
                    StoreError::Conflict {
                        what: "ten lokal już nie istnieje".to_string(),
                    }
                })?;
            change_photos_in(txn, &mut premises.photos, change, author)?;
            premises.updated = crate::domain::now();
            put_premises(txn, &premises, ChangeOp::Update, author)?;
            Ok(premises)
        })
    }

    pub fn premises_application(
        &self,
        id: ApplicationId,
    ) -> Result<Option<PremisesApplication>, StoreError> {
        self.record(PREMISES_APPLICATIONS, id.0, "premises application")
    }

    /// The applications for premises, oldest first.
    pub fn premises_applications(
        &self,
        premises: PremisesId,
    ) -> Result<Vec<PremisesApplication>, StoreError> {
        self.applications_by_index(PREMISES_APPLICATIONS_BY_PREMISES, premises.0)
    }

    /// An organisation's applications for premises, oldest first.
    pub fn premises_applications_of_organization(
        &self,
        org: OrgId,
    ) -> Result<Vec<PremisesApplication>, StoreError> {
        self.applications_by_index(PREMISES_APPLICATIONS_BY_ORG, org.0)
    }

    /// Every application, in id order (the staff overview).
    pub fn all_premises_applications(&self) -> Result<Vec<PremisesApplication>, StoreError> {
        all_records(self, PREMISES_APPLICATIONS, "premises application")
    }

    fn applications_by_index(
        &self,
        index: redb::TableDefinition<(u64, u64), ()>,
        key: u64,
    ) -> Result<Vec<PremisesApplication>, StoreError> {
        let what = "premises applications";
        let txn = self.read(what)?;
        let index = txn.open_table(index).map_err(StoreError::db(what))?;
        let table = txn
            .open_table(PREMISES_APPLICATIONS)
            .map_err(StoreError::db(what))?;
        let mut out = Vec::new();
        for entry in index
            .range((key, 0)..=(key, u64::MAX))
            .map_err(StoreError::db(what))?
        {
            let (k, _) = entry.map_err(StoreError::db(what))?;
            let id = k.value().1;
            if let Some(v) = table.get(id).map_err(StoreError::db(what))? {
                out.push(decode(v.value(), &format!("premises application {id}"))?);
            }
        }
        Ok(out)
    }

    /// Files an application with its documents in one transaction. `check` gets the premises
    /// and its applications as they are inside the transaction and makes the application, or
    /// refuses (nothing is written). `None` when there is no such premises.
    pub fn submit_premises_application(
        &self,
        premises: PremisesId,
        documents: Vec<Document>,
        check: impl FnOnce(
            &Premises,
            &[PremisesApplication],
        ) -> Result<PremisesApplication, &'static str>,
    ) -> Result<Option<Result<PremisesApplication, &'static str>>, StoreError> {
        self.write("filing a premises application", |txn| {
            let Some(record) = record_in::<Premises>(txn, PREMISES, premises.0, "premises")? else {
                return Ok(None);
            };
            let existing = applications_in(txn, premises)?;
            let mut application = match check(&record, &existing) {
                Ok(a) => a,
                Err(refusal) => return Ok(Some(Err(refusal))),
            };
            application.premises = record.id;
            for document in documents {
                application.documents.push(put_document(txn, document)?);
            }
            let author = Some(application.user.0);
            Ok(Some(Ok(put_application(txn, application, author)?)))
        })
    }

    /// Records a staff decision on application `id` with the applicant's e-mail, in one
    /// transaction. `decide` gets the application and its author's account as stored now, and
    /// changes the application and gives the e-mail — or refuses, and nothing is written.
    pub fn decide_premises_application<E>(
        &self,
        id: ApplicationId,
        staff: UserId,
        decide: impl FnOnce(&mut PremisesApplication, Option<&User>) -> Result<Option<OutgoingMail>, E>,
    ) -> Result<Option<Result<PremisesApplication, E>>, StoreError> {
        self.write("deciding a premises application", |txn| {
            let Some(mut application) = record_in::<PremisesApplication>(
                txn,
                PREMISES_APPLICATIONS,
                id.0,
                "premises application",
            )?
            else {
                return Ok(None);
            };
            let applicant: Option<User> = record_in(txn, USERS, application.user.0, "user")?;
            let mail = match decide(&mut application, applicant.as_ref()) {
                Ok(mail) => mail,
                Err(e) => return Ok(Some(Err(e))),
            };
            application.id = id;
            put_record_in(
                txn,
                PREMISES_APPLICATIONS,
                id.0,
                &application,
                ChangeOp::Update,
                Some(staff.0),
            )?;
            if let Some(mail) = mail {
                enqueue_in(txn, mail)?;
            }
            Ok(Some(Ok(application)))
        })
    }
}

/// The applications of `premises` as seen inside `txn`, oldest first.
fn applications_in(
    txn: &WriteTransaction,
    premises: PremisesId,
) -> Result<Vec<PremisesApplication>, StoreError> {
    let what = "premises applications";
    let index = txn
        .open_table(PREMISES_APPLICATIONS_BY_PREMISES)
        .map_err(StoreError::db(what))?;
    let mut out = Vec::new();
    for entry in index
        .range((premises.0, 0)..=(premises.0, u64::MAX))
        .map_err(StoreError::db(what))?
    {
        let (k, _) = entry.map_err(StoreError::db(what))?;
        let id = k.value().1;
        if let Some(a) = record_in(txn, PREMISES_APPLICATIONS, id, "premises application")? {
            out.push(a);
        }
    }
    Ok(out)
}

/// Numbers new premises, gives them a free slug and writes them.
fn insert_premises(txn: &WriteTransaction, mut premises: Premises) -> Result<Premises, StoreError> {
    premises.id = PremisesId(next_id(txn, PREMISES)?);
    premises.slug = free_slug(txn, &premises.slug)?;
    let author = premises.author.map(|u| u.0);
    put_premises(txn, &premises, ChangeOp::Insert, author)?;
    Ok(premises)
}

/// A free slug for new premises ("lokal" for an empty address).
fn free_slug(txn: &WriteTransaction, slug: &str) -> Result<String, StoreError> {
    let slugs = txn
        .open_table(PREMISES_SLUGS)
        .map_err(StoreError::db("opening premises slugs"))?;
    slugs::free_slug(&slugs, slug, "lokal", RESERVED_SLUGS)
}

/// Writes premises and their slug (slugs never change once given).
fn put_premises(
    txn: &WriteTransaction,
    premises: &Premises,
    op: ChangeOp,
    author: Option<u64>,
) -> Result<(), StoreError> {
    {
        let mut slugs = txn
            .open_table(PREMISES_SLUGS)
            .map_err(StoreError::db("opening premises slugs"))?;
        slugs::claim_slug(&mut slugs, &premises.slug, premises.id.0, "/lokale")?;
    }
    put_record_in(txn, PREMISES, premises.id.0, premises, op, author)
}

/// Numbers and writes a new application with its two index entries.
fn put_application(
    txn: &WriteTransaction,
    mut application: PremisesApplication,
    author: Option<u64>,
) -> Result<PremisesApplication, StoreError> {
    application.id = ApplicationId(next_id(txn, PREMISES_APPLICATIONS)?);
    put_record_in(
        txn,
        PREMISES_APPLICATIONS,
        application.id.0,
        &application,
        ChangeOp::Insert,
        author,
    )?;
    for (index, key) in [
        (PREMISES_APPLICATIONS_BY_PREMISES, application.premises.0),
        (PREMISES_APPLICATIONS_BY_ORG, application.organization.0),
    ] {
        let mut table = txn
            .open_table(index)
            .map_err(StoreError::db("opening premises application indexes"))?;
        table
            .insert((key, application.id.0), ())
            .map_err(StoreError::db("updating premises application indexes"))?;
    }
    Ok(application)
}
