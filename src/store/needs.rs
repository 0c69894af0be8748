//! Needs, their slug index, and the responses PES send to them with two indexes (by need and by
//! organisation). Every step of the workflow is one write transaction: the records, their
//! indexes, the changelog and the e-mails it sends commit together or not at all.

use jiff::civil::Date;
use redb::{ReadableTable, WriteTransaction};

use super::claims::put_document;
use super::codec::decode;
use super::outbox::enqueue_in;
use super::records::{all_records, delete_record_in, next_id, put_record_in, record_in};
use super::slugs;
use super::tables::{
    DOCUMENTS, NEED_RESPONSES, NEED_RESPONSES_BY_NEED, NEED_RESPONSES_BY_ORGANIZATION, NEED_SLUGS,
    NEEDS, ORGANIZATIONS, USERS,
};
use super::{ChangeOp, Store, StoreError};
use crate::domain::Timestamp;
use crate::domain::document::Document;
use crate::domain::mail::OutgoingMail;
use crate::domain::need::{self, Need, NeedId, NeedResponse, NeedResponseId};
use crate::domain::organization::{OrgId, Organization};
use crate::domain::user::{AccountStatus, User, UserId};

impl Store {
    /// The need `id`, whatever its status (needs are public from the moment they are posted).
    pub fn need(&self, id: NeedId) -> Result<Option<Need>, StoreError> {
        self.record(NEEDS, id.0, "need")
    }

    pub fn need_by_slug(&self, slug: &str) -> Result<Option<Need>, StoreError> {
        self.record_by_slug(NEED_SLUGS, NEEDS, slug, "need")
    }

    /// The records for `ids` in the same order, read in one transaction (a result page).
    /// Ids that no longer exist are skipped.
    pub fn needs_by_ids(&self, ids: &[NeedId]) -> Result<Vec<Need>, StoreError> {
        self.records_by_ids(NEEDS, ids.iter().map(|id| id.0), "need")
    }

    /// Every need, in id order (for the search index and the account page).
    pub fn needs(&self) -> Result<Vec<Need>, StoreError> {
        all_records(self, NEEDS, "need")
    }

    pub fn need_response(&self, id: NeedResponseId) -> Result<Option<NeedResponse>, StoreError> {
        self.record(NEED_RESPONSES, id.0, "need response")
    }

    /// The responses to `need`, oldest first.
    pub fn need_responses(&self, need: NeedId) -> Result<Vec<NeedResponse>, StoreError> {
        let txn = self.read("reading need responses")?;
        let index = txn
            .open_table(NEED_RESPONSES_BY_NEED)
            .map_err(StoreError::db("opening need responses"))?;
        let table = txn
            .open_table(NEED_RESPONSES)
            .map_err(StoreError::db("opening need responses"))?;
        let mut out = Vec::new();
        for entry in index
            .range((need.0, 0)..=(need.0, u64::MAX))
            .map_err(StoreError::db("reading need responses"))?
        {
            let (key, _) = entry.map_err(StoreError::db("reading need responses"))?;
            let id = key.value().1;
            if let Some(v) = table
                .get(id)
                .map_err(StoreError::db("reading a need response"))?
            {
                out.push(decode(v.value(), &format!("need response {id}"))?);
            }
        }
        Ok(out)
    }

    /// The responses sent for any of `organizations`, newest first.
    pub fn need_responses_of_organizations(
        &self,
        organizations: &[OrgId],
    ) -> Result<Vec<NeedResponse>, StoreError> {
        let txn = self.read("reading need responses")?;
        let index = txn
            .open_table(NEED_RESPONSES_BY_ORGANIZATION)
            .map_err(StoreError::db("opening need responses"))?;
        let table = txn
            .open_table(NEED_RESPONSES)
            .map_err(StoreError::db("opening need responses"))?;
        let mut out: Vec<NeedResponse> = Vec::new();
        for org in organizations {
            for entry in index
                .range((org.0, 0)..=(org.0, u64::MAX))
                .map_err(StoreError::db("reading need responses"))?
            {
                let (key, _) = entry.map_err(StoreError::db("reading need responses"))?;
                let id = key.value().1;
                if let Some(v) = table
                    .get(id)
                    .map_err(StoreError::db("reading a need response"))?
                {
                    out.push(decode(v.value(), &format!("need response {id}"))?);
                }
            }
        }
        out.sort_by(|a, b| b.created.cmp(&a.created).then(b.id.cmp(&a.id)));
        Ok(out)
    }

    /// How many responses each of `needs` has, in the same order.
    pub fn need_response_counts(&self, needs: &[NeedId]) -> Result<Vec<usize>, StoreError> {
        let txn = self.read("counting need responses")?;
        let index = txn
            .open_table(NEED_RESPONSES_BY_NEED)
            .map_err(StoreError::db("opening need responses"))?;
        let mut out = Vec::with_capacity(needs.len());
        for need in needs {
            let count = index
                .range((need.0, 0)..=(need.0, u64::MAX))
                .map_err(StoreError::db("counting need responses"))?
                .count();
            out.push(count);
        }
        Ok(out)
    }

    /// Stores a new need (published at once) and returns it with its id and slug: the slug
    /// asked for when it is free, otherwise `slug-2`, `slug-3` …
    pub fn create_need(&self, need: Need) -> Result<Need, StoreError> {
        let author = need.author.map(|u| u.0);
        self.write("posting a need", |txn| insert_need(txn, need, author))
    }

    /// Saves the author side's edit of an open need (its slug, status and author stay).
    pub fn update_need(&self, need: Need, by: UserId) -> Result<Need, StoreError> {
        self.write("editing a need", |txn| {
            let current = read_need(txn, need.id)?;
            current.check_edit().map_err(conflict)?;
            let next = Need {
                slug: current.slug,
                status: current.status,
                chosen: current.chosen,
                outcome: current.outcome,
                closed_at: current.closed_at,
                author: current.author,
                created: current.created,
                demo: false,
                ..need
            };
            put_record_in(txn, NEEDS, next.id.0, &next, ChangeOp::Update, Some(by.0))?;
            Ok(next)
        })
    }

    /// Stores a response (with its attachment) if the need still takes one from this
    /// organisation on `today`, and queues the mail `mail` writes to the need's author.
    pub fn add_need_response(
        &self,
        mut response: NeedResponse,
        attachment: Option<Document>,
        today: Date,
        mail: impl FnOnce(&Need, &User) -> OutgoingMail,
    ) -> Result<NeedResponse, StoreError> {
        self.write("answering a need", |txn| {
            let need = read_need(txn, response.need)?;
            need.check_response(response.organization, today)
                .map_err(conflict)?;
            if responses_in(txn, need.id)?
                .iter()
                .any(|r| r.organization == response.organization)
            {
                return Err(conflict("Ta organizacja odpowiedziała już na tę potrzebę."));
            }
            if let Some(document) = attachment {
                response.attachment = Some(put_document(txn, document)?);
            }
            response.id = NeedResponseId(next_id(txn, NEED_RESPONSES)?);
            insert_response(txn, &response)?;
            if let Some(author) = need.author
                && let Some(user) = reachable_user(txn, author)?
            {
                enqueue_in(txn, mail(&need, &user))?;
            }
            Ok(response)
        })
    }

    /// Removes a response of an open need with its attachment.
    pub fn withdraw_need_response(
        &self,
        need: NeedId,
        response: NeedResponseId,
        by: UserId,
    ) -> Result<NeedResponse, StoreError> {
        self.write("withdrawing a need response", |txn| {
            let need = read_need(txn, need)?;
            need.check_withdraw().map_err(conflict)?;
            let response: NeedResponse = record_in(txn, NEED_RESPONSES, response.0, "response")?
                .filter(|r: &NeedResponse| r.need == need.id)
                .ok_or_else(|| conflict("Ta odpowiedź została już wycofana."))?;
            delete_record_in(txn, NEED_RESPONSES, response.id.0, Some(by.0))?;
            let mut by_need = txn
                .open_table(NEED_RESPONSES_BY_NEED)
                .map_err(StoreError::db("opening need responses"))?;
            by_need
                .remove((need.id.0, response.id.0))
                .map_err(StoreError::db("removing a need response"))?;
            drop(by_need);
            let mut by_org = txn
                .open_table(NEED_RESPONSES_BY_ORGANIZATION)
                .map_err(StoreError::db("opening need responses"))?;
            by_org
                .remove((response.organization.0, response.id.0))
                .map_err(StoreError::db("removing a need response"))?;
            drop(by_org);
            if let Some(document) = response.attachment {
                delete_record_in(txn, DOCUMENTS, document.0, Some(by.0))?;
            }
            Ok(response)
        })
    }

    /// Picks `response` for an open need (which goes to "in progress") and queues a mail to
    /// the representatives of every responding organisation: `mail(person, organisation,
    /// chosen)`.
    pub fn choose_need_response(
        &self,
        need: NeedId,
        response: NeedResponseId,
        by: UserId,
        now: Timestamp,
        mut mail: impl FnMut(&User, &Organization, bool) -> OutgoingMail,
    ) -> Result<Need, StoreError> {
        self.write("choosing a need response", |txn| {
            let mut need = read_need(txn, need)?;
            let responses = responses_in(txn, need.id)?;
            let chosen = responses
                .iter()
                .find(|r| r.id == response)
                .ok_or_else(|| conflict("Ta odpowiedź została wycofana."))?;
            need.choose(chosen, now).map_err(conflict)?;
            put_record_in(txn, NEEDS, need.id.0, &need, ChangeOp::Update, Some(by.0))?;
            for r in &responses {
                let Some(org) = record_in::<Organization>(
                    txn,
                    ORGANIZATIONS,
                    r.organization.0,
                    "organisation",
                )?
                else {
                    continue;
                };
                for person in representatives_in(txn, org.id)? {
                    enqueue_in(txn, mail(&person, &org, r.id == response))?;
                }
            }
            Ok(need)
        })
    }

    /// Closes an open or in-progress need with its outcome.
    pub fn close_need(
        &self,
        need: NeedId,
        outcome: &str,
        by: UserId,
        now: Timestamp,
    ) -> Result<Need, StoreError> {
        self.write("closing a need", |txn| {
            let mut need = read_need(txn, need)?;
            need.close(outcome, now).map_err(conflict)?;
            put_record_in(txn, NEEDS, need.id.0, &need, ChangeOp::Update, Some(by.0))?;
            Ok(need)
        })
    }

    /// Closes every need still open after its deadline (`today` is the day in Poland) in one
    /// transaction, with a mail to each author (`mail(need, author, number of responses)`);
    /// returns the closed needs.
    pub fn close_expired_needs(
        &self,
        today: Date,
        now: Timestamp,
        mail: impl Fn(&Need, &User, usize) -> OutgoingMail,
    ) -> Result<Vec<Need>, StoreError> {
        self.write("closing expired needs", |txn| {
            let mut expired = Vec::new();
            {
                let table = txn
                    .open_table(NEEDS)
                    .map_err(StoreError::db("opening needs"))?;
                for entry in table.iter().map_err(StoreError::db("reading needs"))? {
                    let (key, value) = entry.map_err(StoreError::db("reading needs"))?;
                    let mut need: Need = decode(value.value(), &format!("need {}", key.value()))?;
                    if need.expire(today, now) {
                        expired.push(need);
                    }
                }
            }
            for need in &expired {
                put_record_in(txn, NEEDS, need.id.0, need, ChangeOp::Update, None)?;
                if let Some(author) = need.author
                    && let Some(user) = reachable_user(txn, author)?
                {
                    let responses = responses_in(txn, need.id)?.len();
                    enqueue_in(txn, mail(need, &user, responses))?;
                }
            }
            Ok(expired)
        })
    }

    /// Inserts needs with their responses in one transaction (the demo data): all or nothing.
    /// Returns how many needs were inserted.
    pub fn insert_needs(&self, needs: Vec<(Need, Vec<NeedResponse>)>) -> Result<usize, StoreError> {
        self.write("inserting needs", |txn| {
            let count = needs.len();
            for (need, responses) in needs {
                let chosen_index = need
                    .chosen
                    .and_then(|c| responses.iter().position(|r| r.id == c));
                let mut need = insert_need(txn, need, None)?;
                let mut chosen = None;
                for (i, mut response) in responses.into_iter().enumerate() {
                    response.need = need.id;
                    response.id = NeedResponseId(next_id(txn, NEED_RESPONSES)?);
                    insert_response(txn, &response)?;
                    if chosen_index == Some(i) {
                        chosen = Some(response.id);
                    }
                }
                if need.chosen.is_some() {
                    need.chosen = chosen;
                    put_record_in(txn, NEEDS, need.id.0, &need, ChangeOp::Update, None)?;
                }
            }
            Ok(count)
        })
    }
}

/// A workflow rule said no; the message is Polish and shown to the person.
fn conflict(what: &str) -> StoreError {
    StoreError::Conflict {
        what: what.to_string(),
    }
}

fn read_need(txn: &WriteTransaction, id: NeedId) -> Result<Need, StoreError> {
    record_in(txn, NEEDS, id.0, "need")?.ok_or_else(|| conflict("Tej potrzeby już nie ma."))
}

fn insert_need(
    txn: &WriteTransaction,
    mut need: Need,
    author: Option<u64>,
) -> Result<Need, StoreError> {
    need.id = NeedId(next_id(txn, NEEDS)?);
    let mut slugs = txn
        .open_table(NEED_SLUGS)
        .map_err(StoreError::db("opening need slugs"))?;
    need.slug = slugs::free_slug(&slugs, &need.slug, "potrzeba", need::RESERVED_SLUGS)?;
    slugs
        .insert(need.slug.as_str(), need.id.0)
        .map_err(StoreError::db("writing need slugs"))?;
    drop(slugs);
    put_record_in(txn, NEEDS, need.id.0, &need, ChangeOp::Insert, author)?;
    Ok(need)
}

fn insert_response(txn: &WriteTransaction, response: &NeedResponse) -> Result<(), StoreError> {
    put_record_in(
        txn,
        NEED_RESPONSES,
        response.id.0,
        response,
        ChangeOp::Insert,
        response.author.map(|u| u.0),
    )?;
    let mut by_need = txn
        .open_table(NEED_RESPONSES_BY_NEED)
        .map_err(StoreError::db("opening need responses"))?;
    by_need
        .insert((response.need.0, response.id.0), ())
        .map_err(StoreError::db("writing a need response"))?;
    drop(by_need);
    let mut by_org = txn
        .open_table(NEED_RESPONSES_BY_ORGANIZATION)
        .map_err(StoreError::db("opening need responses"))?;
    by_org
        .insert((response.organization.0, response.id.0), ())
        .map_err(StoreError::db("writing a need response"))?;
    Ok(())
}

fn responses_in(txn: &WriteTransaction, need: NeedId) -> Result<Vec<NeedResponse>, StoreError> {
    let ids: Vec<u64> = {
        let index = txn
            .open_table(NEED_RESPONSES_BY_NEED)
            .map_err(StoreError::db("opening need responses"))?;
        let mut ids = Vec::new();
        for entry in index
            .range((need.0, 0)..=(need.0, u64::MAX))
            .map_err(StoreError::db("reading need responses"))?
        {
            ids.push(
                entry
                    .map_err(StoreError::db("reading need responses"))?
                    .0
                    .value()
                    .1,
            );
        }
        ids
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(response) = record_in(txn, NEED_RESPONSES, id, "need response")? {
            out.push(response);
        }
    }
    Ok(out)
}

/// The account `id` when it can receive mail (active, not deleted).
fn reachable_user(txn: &WriteTransaction, id: UserId) -> Result<Option<User>, StoreError> {
    let user: Option<User> = record_in(txn, USERS, id.0, "user")?;
    Ok(user.filter(|u| u.status == AccountStatus::Active && !u.is_deleted()))
}

/// The active representatives of `org` (the number of accounts is small).
fn representatives_in(txn: &WriteTransaction, org: OrgId) -> Result<Vec<User>, StoreError> {
    let table = txn
        .open_table(USERS)
        .map_err(StoreError::db("opening users"))?;
    let mut out = Vec::new();
    for entry in table.iter().map_err(StoreError::db("reading users"))? {
        let (key, value) = entry.map_err(StoreError::db("reading users"))?;
        let user: User = decode(value.value(), &format!("user {}", key.value()))?;
        if user.represents(org) && user.status == AccountStatus::Active && !user.is_deleted() {
            out.push(user);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mail::MailContent;
    use crate::domain::need::{NeedStatus, Requester};
    use crate::domain::user::Role;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    fn person(store: &Store, email: &str, role: Role, orgs: Vec<OrgId>) -> User {
        let user = User {
            id: UserId(0),
            email: email.to_string(),
            name: "Anna Nowak".to_string(),
            role,
            status: AccountStatus::Active,
            password_hash: "x".to_string(),
            terms_accepted_at: 1,
            email_verified_at: Some(1),
            organizations: orgs,
            created: 1,
            updated: 1,
            session_generation: 0,
            deleted: None,
        };
        store.save_user(user, None).unwrap()
    }

    fn org(store: &Store, name: &str) -> OrgId {
        let mut org = crate::demo::organizations(1, 1).remove(0);
        org.name = name.to_string();
        org.slug = crate::domain::slug::slugify(name);
        store.save_organization(org, None).unwrap().id
    }

    fn need(author: UserId, requester: Requester, deadline: Date) -> Need {
        Need {
            id: NeedId(0),
            slug: "sprzatanie-szkoly".into(),
            title: "Sprzątanie szkoły".into(),
            description: "Sprzątanie sal lekcyjnych po remoncie w czasie ferii.".into(),
            category: "porzadkowe/sprzatanie".into(),
            scope: "12 sal".into(),
            estimated_value: None,
            place: "SP 7".into(),
            deadline,
            requester,
            status: NeedStatus::Open,
            chosen: None,
            outcome: String::new(),
            closed_at: None,
            author: Some(author),
            created: 1,
            updated: 1,
            demo: false,
        }
    }

    fn response(need: NeedId, org: OrgId, author: UserId) -> NeedResponse {
        NeedResponse {
            id: NeedResponseId(0),
            need,
            organization: org,
            text: "Posprzątamy w trzy dni.".into(),
            price: Some(300_000),
            attachment: None,
            author: Some(author),
            created: 2,
            updated: 2,
            demo: false,
        }
    }

    fn mail_to(user: &User, what: &str) -> OutgoingMail {
        let content = MailContent {
            subject: what.to_string(),
            text: what.to_string(),
            html: what.to_string(),
        };
        OutgoingMail::new(user.email.clone(), content, "potrzeba", 1)
    }

    fn outbox(store: &Store) -> Vec<(String, String)> {
        store
            .due_mail(i64::MAX, 100)
            .unwrap()
            .into_iter()
            .map(|m| (m.to, m.subject))
            .collect()
    }

    fn day(d: i8) -> Date {
        jiff::civil::date(2026, 12, d)
    }

    #[test]
    fn slugs_stay_unique_and_never_name_the_new_need_page() {
        let (_dir, store) = store();
        let staff = person(&store, "urzad@torun.example", Role::Staff, vec![]);
        let city = Requester::City {
            department: "MOPR".into(),
        };
        let first = store
            .create_need(need(staff.id, city.clone(), day(20)))
            .unwrap();
        let second = store
            .create_need(need(staff.id, city.clone(), day(20)))
            .unwrap();
        assert_eq!(first.slug, "sprzatanie-szkoly");
        assert_eq!(second.slug, "sprzatanie-szkoly-2");
        let mut reserved = need(staff.id, city, day(20));
        reserved.slug = "nowe".into();
        assert_eq!(store.create_need(reserved).unwrap().slug, "nowe-2");
        assert_eq!(
            store
                .need_by_slug("sprzatanie-szkoly-2")
                .unwrap()
                .unwrap()
                .id,
            second.id
        );
    }

    #[test]
    fn a_response_mails_the_author_and_is_refused_twice_or_after_the_deadline() {
        let (_dir, store) = store();
        let staff = person(&store, "urzad@torun.example", Role::Staff, vec![]);
        let org_a = org(&store, "Spółdzielnia Socjalna Miotła");
        let rep = person(&store, "a@example.pl", Role::Pes, vec![org_a]);
        let city = Requester::City {
            department: "Wydział Edukacji".into(),
        };
        let n = store.create_need(need(staff.id, city, day(20))).unwrap();
        let stored = store
            .add_need_response(response(n.id, org_a, rep.id), None, day(20), |_, u| {
                mail_to(u, "nowa odpowiedź")
            })
            .unwrap();
        assert_eq!(
            outbox(&store),
            vec![("urzad@torun.example".into(), "nowa odpowiedź".into())]
        );
        let again =
            store.add_need_response(response(n.id, org_a, rep.id), None, day(20), |_, u| {
                mail_to(u, "x")
            });
        assert!(matches!(again, Err(StoreError::Conflict { .. })));
        let org_b = org(&store, "Fundacja Porządek");
        let late = store.add_need_response(response(n.id, org_b, rep.id), None, day(21), |_, u| {
            mail_to(u, "x")
        });
        assert!(matches!(late, Err(StoreError::Conflict { .. })));
        assert_eq!(store.need_response_counts(&[n.id]).unwrap(), vec![1]);
        assert_eq!(
            store.need_responses_of_organizations(&[org_a]).unwrap(),
            vec![stored.clone()]
        );
        store
            .withdraw_need_response(n.id, stored.id, rep.id)
            .unwrap();
        assert_eq!(store.need_response_counts(&[n.id]).unwrap(), vec![0]);
        assert!(
            store
                .need_responses_of_organizations(&[org_a])
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn choosing_mails_the_chosen_and_the_others_and_closing_follows() {
        let (_dir, store) = store();
        let staff = person(&store, "urzad@torun.example", Role::Staff, vec![]);
        let org_a = org(&store, "Spółdzielnia Socjalna Miotła");
        let org_b = org(&store, "Fundacja Porządek");
        let rep_a = person(&store, "a@example.pl", Role::Pes, vec![org_a]);
        let rep_b = person(&store, "b@example.pl", Role::Pes, vec![org_b]);
        let city = Requester::City {
            department: "Wydział Edukacji".into(),
        };
        let n = store.create_need(need(staff.id, city, day(20))).unwrap();
        let a = store
            .add_need_response(response(n.id, org_a, rep_a.id), None, day(1), |_, u| {
                mail_to(u, "nowa")
            })
            .unwrap();
        store
            .add_need_response(response(n.id, org_b, rep_b.id), None, day(1), |_, u| {
                mail_to(u, "nowa")
            })
            .unwrap();
        let chosen = store
            .choose_need_response(n.id, a.id, staff.id, 50, |u, _, chosen| {
                mail_to(u, if chosen { "wybrana" } else { "niewybrana" })
            })
            .unwrap();
        assert_eq!(chosen.status, NeedStatus::InProgress);
        assert_eq!(chosen.chosen, Some(a.id));
        let mails = outbox(&store);
        assert!(mails.contains(&("a@example.pl".into(), "wybrana".into())));
        assert!(mails.contains(&("b@example.pl".into(), "niewybrana".into())));
        // Nothing can be withdrawn or chosen any more; the need can still be closed.
        assert!(store.withdraw_need_response(n.id, a.id, rep_a.id).is_err());
        assert!(
            store
                .choose_need_response(n.id, a.id, staff.id, 51, |u, _, _| mail_to(u, "x"))
                .is_err()
        );
        let closed = store.close_need(n.id, "Wykonano.", staff.id, 60).unwrap();
        assert_eq!(closed.status, NeedStatus::Closed);
        assert!(store.close_need(n.id, "Znowu.", staff.id, 61).is_err());
    }

    #[test]
    fn the_sweep_closes_needs_past_their_deadline_and_mails_their_authors() {
        let (_dir, store) = store();
        let staff = person(&store, "urzad@torun.example", Role::Staff, vec![]);
        let city = Requester::City {
            department: "MOPR".into(),
        };
        let past = store
            .create_need(need(staff.id, city.clone(), day(10)))
            .unwrap();
        let last_day = store.create_need(need(staff.id, city, day(11))).unwrap();
        let closed = store
            .close_expired_needs(day(11), 99, |n, u, _| mail_to(u, &n.title))
            .unwrap();
        assert_eq!(
            closed.iter().map(|n| n.id).collect::<Vec<_>>(),
            vec![past.id]
        );
        let past = store.need(past.id).unwrap().unwrap();
        assert_eq!(past.status, NeedStatus::Closed);
        assert_eq!(past.outcome, need::EXPIRED_OUTCOME);
        assert_eq!(past.closed_at, Some(99));
        assert_eq!(
            store.need(last_day.id).unwrap().unwrap().status,
            NeedStatus::Open
        );
        assert_eq!(
            outbox(&store),
            vec![("urzad@torun.example".into(), "Sprzątanie szkoły".into())]
        );
        // A second run finds nothing more to close.
        assert!(
            store
                .close_expired_needs(day(11), 100, |n, u, _| mail_to(u, &n.title))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn an_edit_of_a_closed_need_is_refused_and_an_open_one_keeps_its_workflow_fields() {
        let (_dir, store) = store();
        let staff = person(&store, "urzad@torun.example", Role::Staff, vec![]);
        let city = Requester::City {
            department: "MOPR".into(),
        };
        let n = store.create_need(need(staff.id, city, day(20))).unwrap();
        let mut edited = n.clone();
        edited.title = "Sprzątanie szkoły po remoncie".into();
        edited.status = NeedStatus::Closed;
        let saved = store.update_need(edited.clone(), staff.id).unwrap();
        assert_eq!(saved.status, NeedStatus::Open);
        assert_eq!(saved.slug, n.slug);
        assert_eq!(saved.title, "Sprzątanie szkoły po remoncie");
        store.close_need(n.id, "Rezygnujemy.", staff.id, 5).unwrap();
        assert!(matches!(
            store.update_need(edited, staff.id),
            Err(StoreError::Conflict { .. })
        ));
    }
}
