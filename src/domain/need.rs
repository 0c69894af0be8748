//! Needs (zapotrzebowanie): what a city department or a PES needs — catering, cleaning,
//! printing, a renovation — and the responses PES send to it.
//!
//! A need is public as soon as it is posted. It is open until its author side picks one of the
//! responses (in progress) or closes it with an outcome (closed); a need still open after its
//! deadline is closed by the expiry sweep. Responses are seen only by the need's author side and
//! by the responding organisation.
//!
//! Every change of state goes through a method here that says whether it is allowed, with a
//! Polish message when it is not; the store applies the same method inside its transaction.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::document::DocumentId;
use super::listing::{Listing, ListingKind};
use super::offer_category;
use super::organization::OrgId;
use super::user::{User, UserId};
use super::vocabulary::vocabulary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NeedId(pub u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NeedResponseId(pub u64);

vocabulary! {
    /// Where a need stands: open → in progress → closed (or open → closed).
    NeedStatus {
        Open => "otwarte", "Otwarte";
        InProgress => "w-realizacji", "W realizacji";
        Closed => "zamkniete", "Zamknięte";
    }
}

vocabulary! {
    /// Who posted a need: the city or a social economy entity.
    RequesterKind {
        City => "miasto", "Miasto";
        Pes => "pes", "Podmiot ekonomii społecznej";
    }
}

/// Who needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Requester {
    /// A city department or unit, by name ("Wydział Edukacji", "MOPR").
    City { department: String },
    /// An organisation, posted by one of its representatives.
    Organization { id: OrgId },
}

impl Requester {
    pub fn kind(&self) -> RequesterKind {
        match self {
            Requester::City { .. } => RequesterKind::City,
            Requester::Organization { .. } => RequesterKind::Pes,
        }
    }

    pub fn organization(&self) -> Option<OrgId> {
        match self {
            Requester::City { .. } => None,
            Requester::Organization { id } => Some(*id),
        }
    }
}

/// The outcome the expiry sweep records.
pub const EXPIRED_OUTCOME: &str = "Termin na odpowiedzi minął";

/// Paths under `/zapotrzebowanie/` that are pages of their own, never a need's slug.
pub const RESERVED_SLUGS: &[&str] = &["nowe"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Need {
    pub id: NeedId,
    pub slug: String,
    pub title: String,
    pub description: String,
    /// A subcategory code of [`offer_category`], e.g. "gastronomia/catering".
    pub category: String,
    /// Quantity or scope in words: "obiady dla 40 osób przez 5 dni".
    pub scope: String,
    /// Estimated value in grosze, when the author gives one.
    #[serde(default)]
    pub estimated_value: Option<i64>,
    /// Where the work is to be done or delivered.
    #[serde(default)]
    pub place: String,
    /// The last day responses are accepted (inclusive, in Europe/Warsaw).
    pub deadline: Date,
    pub requester: Requester,
    pub status: NeedStatus,
    /// The response the author side picked (the need is then in progress).
    #[serde(default)]
    pub chosen: Option<NeedResponseId>,
    /// What came of it, written when the need is closed.
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub closed_at: Option<Timestamp>,
    #[serde(default)]
    pub author: Option<UserId>,
    pub created: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub demo: bool,
}

/// A PES's answer to a need: what it offers, for how much, with an optional attachment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedResponse {
    pub id: NeedResponseId,
    pub need: NeedId,
    /// The organisation that answers (one response per organisation and need).
    pub organization: OrgId,
    pub text: String,
    /// Proposed price in grosze.
    #[serde(default)]
    pub price: Option<i64>,
    #[serde(default)]
    pub attachment: Option<DocumentId>,
    #[serde(default)]
    pub author: Option<UserId>,
    pub created: Timestamp,
    #[serde(default)]
    pub updated: Timestamp,
    #[serde(default)]
    pub demo: bool,
}

impl Need {
    /// Whether the last day for responses is over (the day after the deadline has begun).
    pub fn is_expired(&self, today: Date) -> bool {
        self.deadline < today
    }

    /// The status people are shown: an open need past its deadline counts as closed even
    /// before the sweep records it.
    pub fn effective_status(&self, today: Date) -> NeedStatus {
        if self.status == NeedStatus::Open && self.is_expired(today) {
            NeedStatus::Closed
        } else {
            self.status
        }
    }

    /// Days from `today` to the deadline: 0 on the last day, negative after it.
    pub fn days_left(&self, today: Date) -> i64 {
        i64::from((self.deadline - today).get_days())
    }

    /// Whether `user` acts for the side that posted the need: its author, city staff for a
    /// city need, the organisation's representatives for a PES need.
    pub fn on_author_side(&self, user: &User) -> bool {
        self.author == Some(user.id)
            || match &self.requester {
                Requester::City { .. } => user.role.is_staff(),
                Requester::Organization { id } => user.represents(*id),
            }
    }

    /// Whether the author side may still change the text.
    pub fn check_edit(&self) -> Result<(), &'static str> {
        match self.status {
            NeedStatus::Open => Ok(()),
            NeedStatus::InProgress => {
                Err("Potrzeba jest już w realizacji, więc nie można jej zmieniać.")
            }
            NeedStatus::Closed => Err("Potrzeba jest zamknięta, więc nie można jej zmieniać."),
        }
    }

    /// Whether `organization` may send a response on `today`.
    pub fn check_response(&self, organization: OrgId, today: Date) -> Result<(), &'static str> {
        if self.requester.organization() == Some(organization) {
            return Err("Nie można odpowiedzieć na potrzebę własnej organizacji.");
        }
        match self.status {
            NeedStatus::Open if self.is_expired(today) => {
                Err("Termin na odpowiedzi minął — potrzeba nie przyjmuje już odpowiedzi.")
            }
            NeedStatus::Open => Ok(()),
            NeedStatus::InProgress | NeedStatus::Closed => {
                Err("Potrzeba nie przyjmuje już odpowiedzi.")
            }
        }
    }

    /// Whether a response may still be withdrawn (only while the need is open).
    pub fn check_withdraw(&self) -> Result<(), &'static str> {
        match self.status {
            NeedStatus::Open => Ok(()),
            NeedStatus::InProgress | NeedStatus::Closed => {
                Err("Odpowiedzi nie można już wycofać: potrzeba jest w realizacji albo zamknięta.")
            }
        }
    }

    /// Picks `response` (one of this need's): the need goes to "in progress".
    pub fn choose(&mut self, response: &NeedResponse, now: Timestamp) -> Result<(), &'static str> {
        if response.need != self.id {
            return Err("Ta odpowiedź dotyczy innej potrzeby.");
        }
        match self.status {
            NeedStatus::Open => {
                self.status = NeedStatus::InProgress;
                self.chosen = Some(response.id);
                self.updated = now;
                Ok(())
            }
            NeedStatus::InProgress => Err("Odpowiedź została już wybrana."),
            NeedStatus::Closed => Err("Potrzeba jest zamknięta."),
        }
    }

    /// Whether the need may be closed (it is open or in progress).
    pub fn check_close(&self) -> Result<(), &'static str> {
        match self.status {
            NeedStatus::Open | NeedStatus::InProgress => Ok(()),
            NeedStatus::Closed => Err("Potrzeba jest już zamknięta."),
        }
    }

    /// Closes an open or in-progress need with what came of it.
    pub fn close(&mut self, outcome: &str, now: Timestamp) -> Result<(), &'static str> {
        self.check_close()?;
        self.status = NeedStatus::Closed;
        self.outcome = outcome.to_string();
        self.closed_at = Some(now);
        self.updated = now;
        Ok(())
    }

    /// Closes the need when it is still open after its deadline; returns whether it did.
    pub fn expire(&mut self, today: Date, now: Timestamp) -> bool {
        if self.status == NeedStatus::Open && self.is_expired(today) {
            self.close(EXPIRED_OUTCOME, now).is_ok()
        } else {
            false
        }
    }

    /// The need as subscriptions, enquiries and feeds see it.
    pub fn listing(&self) -> Listing {
        Listing {
            kind: ListingKind::Need,
            id: self.id.0,
            slug: self.slug.clone(),
            title: self.title.clone(),
            category: self.category.clone(),
            category_label: offer_category::path_label(&self.category),
            summary: format!("{} — {}", self.scope, summary(&self.description, 200)),
            published: self.created,
            organization: self.requester.organization(),
            author: self.author,
        }
    }
}

/// The first characters of `text` up to about `max`, cut at a word.
pub fn summary(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::{AccountStatus, Role};

    fn need(requester: Requester) -> Need {
        Need {
            id: NeedId(7),
            slug: "catering-na-konferencje".into(),
            title: "Catering na konferencję".into(),
            description: "Przerwa kawowa i obiad dla uczestników konferencji.".into(),
            category: "gastronomia/catering".into(),
            scope: "obiad dla 80 osób".into(),
            estimated_value: Some(480_000),
            place: "Dwór Artusa".into(),
            deadline: jiff::civil::date(2026, 12, 12),
            requester,
            status: NeedStatus::Open,
            chosen: None,
            outcome: String::new(),
            closed_at: None,
            author: Some(UserId(1)),
            created: 1,
            updated: 1,
            demo: false,
        }
    }

    fn city() -> Requester {
        Requester::City {
            department: "Wydział Edukacji".into(),
        }
    }

    fn response(id: u64, need: NeedId, org: u64) -> NeedResponse {
        NeedResponse {
            id: NeedResponseId(id),
            need,
            organization: OrgId(org),
            text: "Przygotujemy obiad z deserem.".into(),
            price: Some(450_000),
            attachment: None,
            author: Some(UserId(9)),
            created: 2,
            updated: 2,
            demo: false,
        }
    }

    fn user(id: u64, role: Role, orgs: &[u64]) -> User {
        User {
            id: UserId(id),
            email: format!("u{id}@example.pl"),
            name: "Osoba".into(),
            role,
            status: AccountStatus::Active,
            password_hash: String::new(),
            terms_accepted_at: 0,
            email_verified_at: Some(0),
            organizations: orgs.iter().map(|o| OrgId(*o)).collect(),
            created: 0,
            updated: 0,
            session_generation: 0,
            deleted: None,
        }
    }

    #[test]
    fn the_author_side_is_the_author_city_staff_or_the_organisations_representatives() {
        let city_need = need(city());
        assert!(city_need.on_author_side(&user(1, Role::Resident, &[])));
        assert!(city_need.on_author_side(&user(2, Role::Staff, &[])));
        assert!(city_need.on_author_side(&user(3, Role::Admin, &[])));
        assert!(!city_need.on_author_side(&user(4, Role::Pes, &[5])));
        let pes_need = need(Requester::Organization { id: OrgId(5) });
        assert!(pes_need.on_author_side(&user(4, Role::Pes, &[5])));
        assert!(!pes_need.on_author_side(&user(6, Role::Pes, &[6])));
        assert!(!pes_need.on_author_side(&user(2, Role::Staff, &[])));
    }

    #[test]
    fn responses_are_accepted_until_the_end_of_the_deadline_day_and_never_from_the_requester() {
        let n = need(Requester::Organization { id: OrgId(5) });
        let last_day = jiff::civil::date(2026, 12, 12);
        assert_eq!(n.check_response(OrgId(6), last_day), Ok(()));
        assert!(
            n.check_response(OrgId(6), last_day.tomorrow().unwrap())
                .is_err()
        );
        assert!(n.check_response(OrgId(5), last_day).is_err());
        assert_eq!(n.effective_status(last_day), NeedStatus::Open);
        assert_eq!(
            n.effective_status(last_day.tomorrow().unwrap()),
            NeedStatus::Closed
        );
        assert_eq!(n.days_left(jiff::civil::date(2026, 12, 9)), 3);
        assert_eq!(n.days_left(last_day), 0);
    }

    #[test]
    fn choosing_moves_an_open_need_to_in_progress_once() {
        let mut n = need(city());
        let other_need = response(1, NeedId(99), 5);
        assert!(n.choose(&other_need, 10).is_err());
        let r = response(2, n.id, 5);
        assert_eq!(n.choose(&r, 10), Ok(()));
        assert_eq!(n.status, NeedStatus::InProgress);
        assert_eq!(n.chosen, Some(NeedResponseId(2)));
        assert_eq!(n.updated, 10);
        assert!(n.choose(&r, 11).is_err());
        assert!(n.check_edit().is_err());
        assert!(n.check_withdraw().is_err());
        assert!(
            n.check_response(OrgId(8), jiff::civil::date(2026, 1, 1))
                .is_err()
        );
    }

    #[test]
    fn closing_works_from_open_and_in_progress_but_not_twice() {
        let mut open = need(city());
        assert_eq!(open.close("Zamówienie udzielone.", 20), Ok(()));
        assert_eq!(open.status, NeedStatus::Closed);
        assert_eq!(open.outcome, "Zamówienie udzielone.");
        assert_eq!(open.closed_at, Some(20));
        assert!(open.close("Jeszcze raz.", 21).is_err());
        let mut in_progress = need(city());
        in_progress
            .choose(&response(3, in_progress.id, 5), 5)
            .unwrap();
        assert_eq!(in_progress.close("Wykonano.", 30), Ok(()));
    }

    #[test]
    fn only_an_open_need_past_its_deadline_expires() {
        let mut n = need(city());
        assert!(!n.expire(jiff::civil::date(2026, 12, 12), 5));
        assert!(n.expire(jiff::civil::date(2026, 12, 13), 5));
        assert_eq!(n.status, NeedStatus::Closed);
        assert_eq!(n.outcome, EXPIRED_OUTCOME);
        let mut chosen = need(city());
        chosen.choose(&response(4, chosen.id, 5), 1).unwrap();
        assert!(!chosen.expire(jiff::civil::date(2027, 1, 1), 5));
        assert_eq!(chosen.status, NeedStatus::InProgress);
    }

    #[test]
    fn the_listing_names_the_organisation_of_a_pes_need() {
        let n = need(Requester::Organization { id: OrgId(5) });
        let listing = n.listing();
        assert_eq!(listing.kind, ListingKind::Need);
        assert_eq!(listing.path(), "/zapotrzebowanie/catering-na-konferencje");
        assert_eq!(listing.organization, Some(OrgId(5)));
        assert_eq!(listing.category_label, "Gastronomia › Catering");
        assert!(listing.summary.starts_with("obiad dla 80 osób — "));
        assert_eq!(need(city()).listing().organization, None);
    }
}
