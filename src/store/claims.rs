//! Claims to represent organisations, and the decisions on them. A decision changes the claim,
//! the organisation (a new one is published or archived), the person's organisations and queues
//! the e-mail — all in one transaction.

use redb::{ReadableTable, WriteTransaction};

use super::changelog::{self, ChangeOp};
use super::codec::{decode, encode};
use super::organizations::put_organization;
use super::outbox::enqueue_in;
use super::records::record_in;
use super::tables::{CLAIMS, DOCUMENTS, ORGANIZATIONS, USERS};
use super::users::put_user;
use super::{Store, StoreError};
use crate::domain::RecordState;
use crate::domain::claim::{Claim, ClaimId, ClaimStatus};
use crate::domain::document::{Document, DocumentId};
use crate::domain::mail::OutgoingMail;
use crate::domain::organization::Organization;
use crate::domain::user::User;

const TABLE_NAME: &str = "claims_v1";

/// What a decision changed, for the caller to update the search index and answer.
pub struct Decision {
    pub claim: Claim,
    pub organization: Organization,
}

impl Store {
    pub fn claim(&self, id: ClaimId) -> Result<Option<Claim>, StoreError> {
        self.record(CLAIMS, id.0, "claim")
    }

    /// Every claim, newest first (the number of claims stays small: one per person and
    /// organisation).
    pub fn claims(&self) -> Result<Vec<Claim>, StoreError> {
        let txn = self.read("reading claims")?;
        let table = txn
            .open_table(CLAIMS)
            .map_err(StoreError::db("opening claims"))?;
        let mut out = Vec::new();
        for entry in table
            .iter()
            .map_err(StoreError::db("reading claims"))?
            .rev()
        {
            let (key, value) = entry.map_err(StoreError::db("reading claims"))?;
            out.push(decode(value.value(), &format!("claim {}", key.value()))?);
        }
        Ok(out)
    }

    /// Files a claim on an existing organisation, with its attached document if any.
    pub fn submit_claim(
        &self,
        mut claim: Claim,
        document: Option<Document>,
    ) -> Result<Claim, StoreError> {
        self.write("filing a claim", |txn| {
            if let Some(document) = document {
                claim.document = Some(put_document(txn, document)?);
            }
            put_claim(txn, claim, ChangeOp::Insert)
        })
    }

    pub fn document(&self, id: DocumentId) -> Result<Option<Document>, StoreError> {
        self.record(DOCUMENTS, id.0, "document")
    }

    /// Stores a new (unpublished) organisation and the claim to represent it, together.
    pub fn submit_new_organization(
        &self,
        mut org: Organization,
        mut claim: Claim,
    ) -> Result<(Organization, Claim), StoreError> {
        self.write("submitting a new organisation", |txn| {
            org.state = RecordState::Pending;
            let org = put_organization(txn, org, Some(claim.user.0))?;
            claim.organization = org.id;
            claim.new_organization = true;
            let claim = put_claim(txn, claim, ChangeOp::Insert)?;
            Ok((org, claim))
        })
    }

    /// Records a staff decision on a pending claim, with its e-mail. Approving gives the person
    /// the organisation (and publishes a new one); rejecting archives a new organisation.
    /// A claim that was decided meanwhile is a conflict.
    pub fn decide_claim(
        &self,
        id: ClaimId,
        status: ClaimStatus,
        mail: OutgoingMail,
    ) -> Result<Decision, StoreError> {
        self.write("deciding a claim", |txn| {
            let mut claim = read_claim(txn, id)?;
            if claim.status != ClaimStatus::Pending {
                return Err(StoreError::Conflict {
                    what: "wniosek został już rozpatrzony".to_string(),
                });
            }
            let staff = match &status {
                ClaimStatus::Approved { by, .. } | ClaimStatus::Rejected { by, .. } => *by,
                ClaimStatus::Pending => {
                    return Err(StoreError::Conflict {
                        what: "brak decyzji".to_string(),
                    });
                }
            };
            let approved = matches!(status, ClaimStatus::Approved { .. });
            claim.status = status;
            let claim = put_claim(txn, claim, ChangeOp::Update)?;
            let mut org = read_organization(txn, claim.organization)?;
            if claim.new_organization {
                org.state = if approved {
                    RecordState::Published
                } else {
                    RecordState::Archived
                };
                org = put_organization(txn, org, Some(staff.0))?;
            }
            if approved {
                let mut user = read_user(txn, claim.user)?;
                if !user.organizations.contains(&org.id) {
                    user.organizations.push(org.id);
                }
                put_user(txn, user, Some(staff.0))?;
            }
            enqueue_in(txn, mail)?;
            Ok(Decision {
                claim,
                organization: org,
            })
        })
    }
}

pub(super) fn put_document(
    txn: &WriteTransaction,
    mut document: Document,
) -> Result<DocumentId, StoreError> {
    let mut table = txn
        .open_table(DOCUMENTS)
        .map_err(StoreError::db("opening documents"))?;
    let last = table
        .last()
        .map_err(StoreError::db("reading documents"))?
        .map(|(k, _)| k.value())
        .unwrap_or(0);
    document.id = DocumentId(last + 1);
    table
        .insert(document.id.0, encode(&document, "document")?.as_slice())
        .map_err(StoreError::db("writing a document"))?;
    drop(table);
    changelog::record(
        txn,
        "documents_v1",
        document.id.0,
        ChangeOp::Insert,
        Some(document.uploaded_by.0),
    )?;
    Ok(document.id)
}

fn put_claim(txn: &WriteTransaction, mut claim: Claim, op: ChangeOp) -> Result<Claim, StoreError> {
    let mut table = txn
        .open_table(CLAIMS)
        .map_err(StoreError::db("opening claims"))?;
    if claim.id.0 == 0 {
        let last = table
            .last()
            .map_err(StoreError::db("reading claims"))?
            .map(|(k, _)| k.value())
            .unwrap_or(0);
        claim.id = ClaimId(last + 1);
    }
    table
        .insert(claim.id.0, encode(&claim, "claim")?.as_slice())
        .map_err(StoreError::db("writing a claim"))?;
    drop(table);
    changelog::record(txn, TABLE_NAME, claim.id.0, op, Some(claim.user.0))?;
    Ok(claim)
}

fn read_claim(txn: &WriteTransaction, id: ClaimId) -> Result<Claim, StoreError> {
    record_in(txn, CLAIMS, id.0, "claim")?.ok_or_else(|| StoreError::Conflict {
        what: "nie ma takiego wniosku".to_string(),
    })
}

fn read_organization(
    txn: &WriteTransaction,
    id: crate::domain::organization::OrgId,
) -> Result<Organization, StoreError> {
    record_in(txn, ORGANIZATIONS, id.0, "organisation")?.ok_or_else(|| StoreError::Conflict {
        what: "organizacja już nie istnieje".to_string(),
    })
}

fn read_user(txn: &WriteTransaction, id: crate::domain::user::UserId) -> Result<User, StoreError> {
    record_in(txn, USERS, id.0, "user")?.ok_or_else(|| StoreError::Conflict {
        what: "konto już nie istnieje".to_string(),
    })
}
