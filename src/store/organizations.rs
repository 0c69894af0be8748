//! Organisation records and their slug index.

use redb::{ReadableTable, ReadableTableMetadata, WriteTransaction};

use super::changelog::{self, ChangeOp};
use super::codec::{decode, encode};
use super::slugs;
use super::tables::{ORGANIZATION_SLUGS, ORGANIZATIONS};
use super::{Store, StoreError};
use crate::domain::organization::{OrgId, Organization};

const TABLE_NAME: &str = "organizations_v1";

impl Store {
    pub fn organization(&self, id: OrgId) -> Result<Option<Organization>, StoreError> {
        self.record(ORGANIZATIONS, id.0, "organisation")
    }

    /// The records for `ids` in the same order, read in one transaction (a result page).
    /// Ids that no longer exist are skipped.
    pub fn organizations_by_ids(&self, ids: &[OrgId]) -> Result<Vec<Organization>, StoreError> {
        self.records_by_ids(ORGANIZATIONS, ids.iter().map(|id| id.0), "organisation")
    }

    pub fn organization_by_slug(&self, slug: &str) -> Result<Option<Organization>, StoreError> {
        self.record_by_slug(ORGANIZATION_SLUGS, ORGANIZATIONS, slug, "organisation")
    }

    /// Every organisation, in id order (for building the search index at start).
    pub fn organizations(&self) -> Result<Vec<Organization>, StoreError> {
        let txn = self.read("reading organisations")?;
        let table = txn
            .open_table(ORGANIZATIONS)
            .map_err(StoreError::db("opening organisations"))?;
        let mut out = Vec::with_capacity(table.len().unwrap_or(0) as usize);
        for entry in table
            .iter()
            .map_err(StoreError::db("reading organisations"))?
        {
            let (key, value) = entry.map_err(StoreError::db("reading organisations"))?;
            out.push(decode(
                value.value(),
                &format!("organisation {}", key.value()),
            )?);
        }
        Ok(out)
    }

    pub fn organization_count(&self) -> Result<u64, StoreError> {
        let txn = self.read("counting organisations")?;
        let table = txn
            .open_table(ORGANIZATIONS)
            .map_err(StoreError::db("opening organisations"))?;
        table
            .len()
            .map_err(StoreError::db("counting organisations"))
    }

    /// Inserts or updates one organisation; a new one (id 0) gets the next id.
    /// Returns the record as stored.
    pub fn save_organization(
        &self,
        org: Organization,
        author: Option<u64>,
    ) -> Result<Organization, StoreError> {
        self.write("saving an organisation", |txn| {
            put_organization(txn, org, author)
        })
    }

    /// Inserts many new organisations in one transaction (demo data, imports): all or nothing.
    pub fn insert_organizations(&self, orgs: Vec<Organization>) -> Result<usize, StoreError> {
        self.write("inserting organisations", |txn| {
            let count = orgs.len();
            for org in orgs {
                put_organization(txn, org, None)?;
            }
            Ok(count)
        })
    }
}

pub(crate) fn put_organization(
    txn: &WriteTransaction,
    mut org: Organization,
    author: Option<u64>,
) -> Result<Organization, StoreError> {
    let mut table = txn
        .open_table(ORGANIZATIONS)
        .map_err(StoreError::db("opening organisations"))?;
    let mut slugs = txn
        .open_table(ORGANIZATION_SLUGS)
        .map_err(StoreError::db("opening organisation slugs"))?;

    let previous: Option<Organization> = match org.id.0 {
        0 => None,
        id => table
            .get(id)
            .map_err(StoreError::db("reading an organisation"))?
            .map(|v| decode(v.value(), &format!("organisation {id}")))
            .transpose()?,
    };
    if org.id.0 == 0 {
        let last = table
            .last()
            .map_err(StoreError::db("reading organisations"))?
            .map(|(k, _)| k.value())
            .unwrap_or(0);
        org.id = OrgId(last + 1);
    }

    slugs::claim_slug(&mut slugs, &org.slug, org.id.0, "/podmioty")?;
    if let Some(old) = &previous
        && old.slug != org.slug
    {
        slugs
            .remove(old.slug.as_str())
            .map_err(StoreError::db("updating organisation slugs"))?;
    }
    table
        .insert(
            org.id.0,
            encode(&org, &format!("organisation {}", org.id.0))?.as_slice(),
        )
        .map_err(StoreError::db("writing an organisation"))?;

    let op = if previous.is_some() {
        ChangeOp::Update
    } else {
        ChangeOp::Insert
    };
    changelog::record(txn, TABLE_NAME, org.id.0, op, author)?;
    Ok(org)
}

impl Store {
    /// Sets, replaces or removes the logo of organisation `id`: the image and the record are
    /// written in one transaction, and a replaced or removed logo's image is deleted in it.
    /// `PhotoChange::Add` replaces the current logo; `Remove` and `SetAlt` name the current
    /// one. A change by a person (`author`) marks the record as updated by them and no longer
    /// demo data, as an edit of the profile does.
    pub fn change_organization_logo(
        &self,
        id: OrgId,
        change: super::PhotoChange,
        author: Option<u64>,
    ) -> Result<Organization, StoreError> {
        use super::PhotoChange;
        use super::media::change_photos_in;
        self.write("changing an organisation's logo", |txn| {
            let mut org: Organization =
                super::records::record_in(txn, ORGANIZATIONS, id.0, "organisation")?.ok_or_else(
                    || StoreError::Conflict {
                        what: "tej organizacji nie ma już w bazie".to_string(),
                    },
                )?;
            let mut photos: Vec<_> = org.logo.take().into_iter().collect();
            if let (PhotoChange::Add { .. }, Some(current)) = (&change, photos.first()) {
                let current = current.image;
                change_photos_in(txn, &mut photos, PhotoChange::Remove(current), author)?;
            }
            change_photos_in(txn, &mut photos, change, author)?;
            org.logo = photos.pop();
            if author.is_some() {
                org.updated = crate::domain::now();
                org.author = author;
                org.demo = false;
            }
            put_organization(txn, org, author)
        })
    }
}
