//! Baza lokalowa: municipal premises the city lets to organisations on preferential terms — the
//! record, the organisations' applications for it, and every change of status as a function
//! that says whether it is allowed.
//!
//! Premises are city records: staff add, edit, archive and restore them. A premises is free
//! (wolny), occupied by a tenant organisation (zajęty), offered in an open call (w naborze,
//! with the call's number and deadline) or under renovation (w remoncie). A PES representative
//! expresses interest in, or applies for, a free premises or one in an open call; staff decide
//! on each application (in review, accepted, rejected with a reason).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::document::DocumentId;
use super::geo::GeoPoint;
use super::organization::OrgId;
use super::photo::Photo;
use super::premises_rent::Position;
use super::user::{AccountStatus, Role, User, UserId};
use super::vocabulary::vocabulary;
use super::{RecordState, Timestamp};
use crate::text::format;

/// Identifier of a premises record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PremisesId(pub u64);

/// Identifier of an organisation's application for premises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ApplicationId(pub u64);

vocabulary! {
    /// The technical condition.
    Condition {
        Good => "dobry", "dobry";
        Refresh => "do-odswiezenia", "do odświeżenia";
        Renovation => "do-remontu", "do remontu";
    }
}

vocabulary! {
    /// Where the premises stand.
    Status {
        Free => "wolny", "wolny";
        Occupied => "zajety", "zajęty";
        OpenCall => "w-naborze", "w naborze";
        Renovation => "w-remoncie", "w remoncie";
    }
}

vocabulary! {
    /// How accessible the premises are for people with disabilities.
    Accessibility {
        Full => "pelna", "dostępny dla osób z niepełnosprawnościami";
        Partial => "czesciowa", "częściowo dostępny";
        None => "brak", "niedostępny dla osób na wózkach";
    }
}

vocabulary! {
    /// What an organisation sends.
    ApplicationKind {
        Interest => "zainteresowanie", "zgłoszenie zainteresowania";
        Application => "wniosek", "wniosek o najem";
    }
}

vocabulary! {
    /// Where an application stands.
    ApplicationStatus {
        Submitted => "zlozony", "złożony";
        InReview => "w-rozpatrzeniu", "w rozpatrzeniu";
        Accepted => "przyjety", "przyjęty";
        Rejected => "odrzucony", "odrzucony";
    }
}

/// The postal address of the premises.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PremisesAddress {
    /// With its prefix, e.g. "ul. Szeroka".
    pub street: String,
    pub building: String,
    /// The premises number inside the building ("lokal nr"); may be empty.
    #[serde(default)]
    pub unit: String,
    pub postal_code: String,
    pub city: String,
}

impl PremisesAddress {
    /// "ul. Szeroka 12/3" (building and premises number).
    pub fn label(&self) -> String {
        if self.unit.is_empty() {
            format!("{} {}", self.street, self.building)
        } else {
            format!("{} {}/{}", self.street, self.building, self.unit)
        }
    }
}

/// The utilities the premises have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    #[serde(default)]
    pub heating: bool,
    #[serde(default)]
    pub hot_water: bool,
    #[serde(default)]
    pub cold_water: bool,
    #[serde(default)]
    pub electricity: bool,
    #[serde(default)]
    pub gas: bool,
    #[serde(default)]
    pub internet: bool,
}

impl Media {
    /// (form field, Polish label, present) for each utility, in display order.
    pub fn list(&self) -> [(&'static str, &'static str, bool); 6] {
        [
            ("heating", "ogrzewanie", self.heating),
            ("hot_water", "ciepła woda", self.hot_water),
            ("cold_water", "zimna woda", self.cold_water),
            ("electricity", "energia elektryczna", self.electricity),
            ("gas", "gaz", self.gas),
            ("internet", "internet", self.internet),
        ]
    }

    /// The labels of the utilities present.
    pub fn present(&self) -> Vec<&'static str> {
        self.list()
            .into_iter()
            .filter(|(_, _, on)| *on)
            .map(|(_, label, _)| label)
            .collect()
    }
}

/// An open call (nabór) for the premises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenCall {
    /// E.g. "WGM.6845.3.2026".
    pub number: String,
    /// The last day to apply.
    pub deadline: Date,
}

/// Who administers the premises and how to reach them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Administrator {
    /// E.g. "Miejski Zarząd Nieruchomości w Toruniu".
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

/// The record as stored. New fields must be `#[serde(default)]` so old files stay readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Premises {
    pub id: PremisesId,
    /// Stable public identifier used in URLs (`/lokale/{slug}`).
    pub slug: String,
    pub address: PremisesAddress,
    /// The osiedle.
    pub district: String,
    #[serde(default)]
    pub geo: Option<GeoPoint>,
    /// Usable area in hundredths of m² (4550 = 45,50 m²).
    pub area: u32,
    pub position: Position,
    /// The floor number when `position` is [`Position::Floor`].
    #[serde(default)]
    pub floor: Option<u8>,
    pub rooms: u8,
    pub condition: Condition,
    #[serde(default)]
    pub media: Media,
    pub accessibility: Accessibility,
    /// What the accessibility means in practice ("wejście z poziomu chodnika, toaleta …").
    #[serde(default)]
    pub accessibility_note: String,
    /// What the premises may be used for ("biurowy, usługowy, na zajęcia grupowe").
    #[serde(default)]
    pub intended_use: String,
    /// The base rent in grosze per m² per month, before discounts.
    pub rate: i64,
    pub status: Status,
    /// The tenant organisation, only while occupied.
    #[serde(default)]
    pub tenant: Option<OrgId>,
    /// The open call, only while in one.
    #[serde(default)]
    pub call: Option<OpenCall>,
    #[serde(default)]
    pub administrator: Administrator,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub photos: Vec<Photo>,
    /// `Published` or `Archived` (staff archive premises the city no longer lets).
    pub state: RecordState,
    pub created: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub author: Option<UserId>,
    #[serde(default)]
    pub demo: bool,
}

/// An organisation's interest in, or application for, premises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PremisesApplication {
    pub id: ApplicationId,
    pub premises: PremisesId,
    pub organization: OrgId,
    /// The representative who sent it.
    pub user: UserId,
    pub kind: ApplicationKind,
    pub message: String,
    /// Attached documents (PDF, JPEG, PNG), downloadable by staff and the organisation.
    #[serde(default)]
    pub documents: Vec<DocumentId>,
    pub status: ApplicationStatus,
    /// Staff's reason when rejecting (e-mailed to the applicant).
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub decided_by: Option<UserId>,
    pub created: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub demo: bool,
}

/// The shortest and longest message of an application.
pub const MIN_MESSAGE_CHARS: usize = 10;
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// The longest reason of a rejection.
pub const MAX_REASON_CHARS: usize = 1000;
/// Documents one application may carry.
pub const MAX_DOCUMENTS: usize = 3;
/// The longest call number.
pub const MAX_CALL_NUMBER_CHARS: usize = 40;

impl Premises {
    pub fn is_public(&self) -> bool {
        self.state == RecordState::Published
    }

    /// "ul. Szeroka 12/3, Toruń".
    pub fn label(&self) -> String {
        format!("{}, {}", self.address.label(), self.address.city)
    }

    /// "parter", "2. piętro", "poddasze" …
    pub fn position_label(&self) -> String {
        match (self.position, self.floor) {
            (Position::Floor, Some(n)) => format!("{n}. piętro"),
            (position, _) => position.label().to_string(),
        }
    }

    /// "45,50 m²".
    pub fn area_label(&self) -> String {
        area_label(self.area)
    }

    /// Whether organisations may express interest or apply now.
    pub fn accepts_applications(&self) -> bool {
        self.is_public() && matches!(self.status, Status::Free | Status::OpenCall)
    }

    /// Whether the premises carry the "accessible" facet value (fully accessible).
    pub fn is_accessible(&self) -> bool {
        self.accessibility == Accessibility::Full
    }
}

/// Hundredths of m² as Polish text: 4550 → "45,50 m²".
pub fn area_label(area: u32) -> String {
    format!(
        "{},{:02}\u{a0}m²",
        format::integer(i64::from(area / 100)),
        area % 100
    )
}

/// Reads an area typed in m² ("45,5", "45.50", "120") as hundredths; at most two decimals.
pub fn parse_area(text: &str) -> Option<u32> {
    parse_hundredths(text.trim().trim_end_matches("m²").trim_end_matches("m2"))
        .and_then(|v| u32::try_from(v).ok())
}

/// Reads money typed in złoty ("18,40", "18.4 zł") as grosze; at most two decimals.
pub fn parse_money(text: &str) -> Option<i64> {
    parse_hundredths(text.trim().trim_end_matches("zł"))
}

fn parse_hundredths(text: &str) -> Option<i64> {
    let text: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let (whole, fraction) = match text.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (text.as_str(), ""),
    };
    if whole.is_empty()
        || whole.len() > 9
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 2
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    Some(whole * 100 + fraction)
}

/// What [`check_occupancy`] gives: the tenant and the call to keep, or (field, message) pairs.
pub type Occupancy = Result<(Option<OrgId>, Option<OpenCall>), Vec<(&'static str, &'static str)>>;

/// Checks the status, tenant and call together: a tenant only while occupied (and then
/// required), a call only while in an open call (and then required, with a deadline not in the
/// past when it is new or changed). Errors go under `status`, `tenant`, `call_number`,
/// `call_deadline`.
pub fn check_occupancy(
    status: Status,
    tenant: Option<OrgId>,
    call: Option<(&str, Option<Date>)>,
    current_call: Option<&OpenCall>,
    today: Date,
) -> Occupancy {
    let mut errors = Vec::new();
    let tenant = match status {
        Status::Occupied => {
            if tenant.is_none() {
                errors.push((
                    "tenant",
                    "Wybierz organizację, która zajmuje lokal (najemcę).",
                ));
            }
            tenant
        }
        _ => None,
    };
    let call = match status {
        Status::OpenCall => {
            let (number, deadline) = call.unwrap_or(("", None));
            let number = number.trim();
            let allowed = |c: char| c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | ' ' | '_');
            if number.is_empty() {
                errors.push(("call_number", "Podaj numer naboru, np. WGM.6845.3.2026."));
            } else if number.chars().count() > MAX_CALL_NUMBER_CHARS
                || !number.chars().all(allowed)
                || !number.chars().any(|c| c.is_ascii_digit())
            {
                errors.push((
                    "call_number",
                    "Numer naboru to litery i cyfry rozdzielone kropkami lub ukośnikami, np. WGM.6845.3.2026.",
                ));
            }
            match deadline {
                None => errors.push((
                    "call_deadline",
                    "Podaj termin składania wniosków w postaci RRRR-MM-DD.",
                )),
                Some(d) if d < today && current_call.map(|c| c.deadline) != Some(d) => {
                    errors.push((
                        "call_deadline",
                        "Termin składania wniosków nie może być w przeszłości.",
                    ))
                }
                Some(_) => {}
            }
            deadline.map(|deadline| OpenCall {
                number: number.to_string(),
                deadline,
            })
        }
        _ => None,
    };
    if errors.is_empty() {
        Ok((tenant, call))
    } else {
        Err(errors)
    }
}

/// Sets the premises' status with its tenant and call (already checked by
/// [`check_occupancy`]).
pub fn set_status(
    premises: &mut Premises,
    status: Status,
    tenant: Option<OrgId>,
    call: Option<OpenCall>,
    now: Timestamp,
) -> Result<(), &'static str> {
    if !premises.is_public() {
        return Err("Ten lokal jest w archiwum — przywróć go, aby zmienić status.");
    }
    if status == Status::Occupied && tenant.is_none() {
        return Err("Zajęty lokal musi mieć najemcę.");
    }
    if status == Status::OpenCall && call.is_none() {
        return Err("Lokal w naborze musi mieć numer i termin naboru.");
    }
    premises.status = status;
    premises.tenant = tenant.filter(|_| status == Status::Occupied);
    premises.call = call.filter(|_| status == Status::OpenCall);
    premises.updated = now;
    Ok(())
}

/// Staff archive premises the city no longer lets (they leave the list and the map).
pub fn archive(premises: &mut Premises, now: Timestamp) -> Result<(), &'static str> {
    if premises.state == RecordState::Archived {
        return Err("Ten lokal jest już w archiwum.");
    }
    premises.state = RecordState::Archived;
    premises.updated = now;
    Ok(())
}

/// Staff bring archived premises back to the list.
pub fn restore(premises: &mut Premises, now: Timestamp) -> Result<(), &'static str> {
    if premises.state != RecordState::Archived {
        return Err("Ten lokal nie jest w archiwum.");
    }
    premises.state = RecordState::Published;
    premises.updated = now;
    Ok(())
}

/// The organisations `user` may apply for: an active PES representative's own organisations.
pub fn applying_organizations(user: &User) -> Vec<OrgId> {
    if user.role != Role::Pes || user.status != AccountStatus::Active || user.is_deleted() {
        return Vec::new();
    }
    user.organizations
        .iter()
        .copied()
        .filter(|o| user.represents(*o))
        .collect()
}

/// Whether `user` may see `application` and download its documents: staff, and the
/// representatives of the applying organisation.
pub fn may_see_application(user: &User, application: &PremisesApplication) -> bool {
    user.role.is_staff() || user.represents(application.organization)
}

/// Checks the message of an application.
pub fn check_message(text: &str) -> Result<String, &'static str> {
    let text = text.trim().replace("\r\n", "\n");
    let chars = text.chars().count();
    if chars < MIN_MESSAGE_CHARS {
        return Err(
            "Napisz krótko, na jaką działalność organizacja potrzebuje lokalu (co najmniej 10 znaków).",
        );
    }
    if chars > MAX_MESSAGE_CHARS {
        return Err("Wiadomość może mieć najwyżej 2000 znaków.");
    }
    Ok(text)
}

/// An organisation applies. `existing` are the premises' applications so far; the new one
/// (id 0, for the store to number) is returned.
#[allow(clippy::too_many_arguments)]
pub fn apply(
    premises: &Premises,
    existing: &[PremisesApplication],
    organization: OrgId,
    user: UserId,
    kind: ApplicationKind,
    message: String,
    now: Timestamp,
) -> Result<PremisesApplication, &'static str> {
    if !premises.accepts_applications() {
        return Err(
            "Ten lokal nie przyjmuje teraz zgłoszeń — można je składać, gdy lokal jest wolny albo w naborze.",
        );
    }
    if premises.tenant == Some(organization) {
        return Err("Ta organizacja już zajmuje ten lokal.");
    }
    if existing.iter().any(|a| {
        a.organization == organization
            && a.kind == kind
            && matches!(
                a.status,
                ApplicationStatus::Submitted | ApplicationStatus::InReview
            )
    }) {
        return Err(
            "Ta organizacja ma już takie zgłoszenie dotyczące tego lokalu, które czeka na decyzję.",
        );
    }
    Ok(PremisesApplication {
        id: ApplicationId(0),
        premises: premises.id,
        organization,
        user,
        kind,
        message,
        documents: Vec::new(),
        status: ApplicationStatus::Submitted,
        reason: String::new(),
        decided_by: None,
        created: now,
        updated: now,
        demo: false,
    })
}

/// Staff decide on an application: in review, accepted, or rejected (with a reason, required).
/// A decision may be changed while the premises exist; the same status again is refused.
pub fn decide(
    application: &mut PremisesApplication,
    status: ApplicationStatus,
    reason: &str,
    by: UserId,
    now: Timestamp,
) -> Result<(), &'static str> {
    if status == ApplicationStatus::Submitted {
        return Err("Wybierz decyzję: w rozpatrzeniu, przyjęty albo odrzucony.");
    }
    if application.status == status {
        return Err("Zgłoszenie ma już ten status.");
    }
    let reason = reason.trim();
    if status == ApplicationStatus::Rejected && reason.is_empty() {
        return Err("Podaj powód odrzucenia — organizacja dostanie go e-mailem.");
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err("Uzasadnienie może mieć najwyżej 1000 znaków.");
    }
    application.status = status;
    application.reason = reason.replace("\r\n", "\n");
    application.decided_by = Some(by);
    application.updated = now;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = 1_790_000_000;

    fn today() -> Date {
        jiff::civil::date(2026, 11, 27)
    }

    pub(crate) fn premises() -> Premises {
        Premises {
            id: PremisesId(5),
            slug: "szeroka-12-3".into(),
            address: PremisesAddress {
                street: "ul. Szeroka".into(),
                building: "12".into(),
                unit: "3".into(),
                postal_code: "87-100".into(),
                city: "Toruń".into(),
            },
            district: "Stare Miasto".into(),
            geo: None,
            area: 4550,
            position: Position::Floor,
            floor: Some(1),
            rooms: 2,
            condition: Condition::Good,
            media: Media::default(),
            accessibility: Accessibility::Partial,
            accessibility_note: String::new(),
            intended_use: "biurowy".into(),
            rate: 1840,
            status: Status::Free,
            tenant: None,
            call: None,
            administrator: Administrator::default(),
            description: String::new(),
            photos: Vec::new(),
            state: RecordState::Published,
            created: 1,
            updated: 1,
            author: None,
            demo: false,
        }
    }

    fn user(role: Role, orgs: &[u64]) -> User {
        User {
            id: UserId(9),
            email: "u@example.pl".into(),
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
    fn labels_and_numbers_in_polish() {
        let p = premises();
        assert_eq!(p.address.label(), "ul. Szeroka 12/3");
        assert_eq!(p.area_label(), "45,50\u{a0}m²");
        assert_eq!(p.position_label(), "1. piętro");
        assert_eq!(area_label(123_405), "1\u{a0}234,05\u{a0}m²");
        assert_eq!(parse_area("45,5"), Some(4550));
        assert_eq!(parse_area("45.50 m²"), Some(4550));
        assert_eq!(parse_area("120"), Some(12_000));
        assert_eq!(parse_money("18,40 zł"), Some(1840));
        assert_eq!(parse_money("1 234,5"), Some(123_450));
        for bad in ["", "abc", "1,234", "-5", "1,2,3", ",5"] {
            assert_eq!(parse_area(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_tenant_only_when_occupied_and_a_call_only_in_a_call() {
        let d = jiff::civil::date(2026, 12, 15);
        assert_eq!(
            check_occupancy(
                Status::Free,
                Some(OrgId(3)),
                Some(("X.1", Some(d))),
                None,
                today()
            ),
            Ok((None, None))
        );
        assert!(check_occupancy(Status::Occupied, None, None, None, today()).is_err());
        assert_eq!(
            check_occupancy(Status::Occupied, Some(OrgId(3)), None, None, today()),
            Ok((Some(OrgId(3)), None))
        );
        let (_, call) = check_occupancy(
            Status::OpenCall,
            Some(OrgId(3)),
            Some((" WGM.6845.3.2026 ", Some(d))),
            None,
            today(),
        )
        .unwrap();
        assert_eq!(call.unwrap().number, "WGM.6845.3.2026");
        let errors = check_occupancy(
            Status::OpenCall,
            None,
            Some(("<b>", Some(jiff::civil::date(2026, 1, 1)))),
            None,
            today(),
        )
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["call_number", "call_deadline"]);
        // A past deadline that was already stored may stay.
        let old = OpenCall {
            number: "WGM.1.2026".into(),
            deadline: jiff::civil::date(2026, 1, 1),
        };
        assert!(
            check_occupancy(
                Status::OpenCall,
                None,
                Some(("WGM.1.2026", Some(old.deadline))),
                Some(&old),
                today()
            )
            .is_ok()
        );
    }

    #[test]
    fn status_changes_keep_tenant_and_call_consistent() {
        let mut p = premises();
        assert!(set_status(&mut p, Status::Occupied, None, None, NOW).is_err());
        set_status(&mut p, Status::Occupied, Some(OrgId(4)), None, NOW).unwrap();
        assert_eq!((p.status, p.tenant), (Status::Occupied, Some(OrgId(4))));
        set_status(&mut p, Status::Renovation, Some(OrgId(4)), None, NOW).unwrap();
        assert_eq!(p.tenant, None);
        archive(&mut p, NOW).unwrap();
        assert!(archive(&mut p, NOW).is_err());
        assert!(set_status(&mut p, Status::Free, None, None, NOW).is_err());
        restore(&mut p, NOW).unwrap();
        assert!(restore(&mut p, NOW).is_err());
        assert!(p.is_public());
    }

    #[test]
    fn only_free_premises_or_open_calls_take_applications() {
        let mut p = premises();
        let first = apply(
            &p,
            &[],
            OrgId(1),
            UserId(2),
            ApplicationKind::Application,
            "Na świetlicę.".into(),
            NOW,
        )
        .unwrap();
        assert_eq!(first.status, ApplicationStatus::Submitted);
        let again = apply(
            &p,
            std::slice::from_ref(&first),
            OrgId(1),
            UserId(2),
            ApplicationKind::Application,
            "Jeszcze raz.".into(),
            NOW,
        );
        assert!(again.is_err(), "one waiting application per kind");
        assert!(
            apply(
                &p,
                std::slice::from_ref(&first),
                OrgId(1),
                UserId(2),
                ApplicationKind::Interest,
                "Interesuje nas.".into(),
                NOW
            )
            .is_ok()
        );
        p.status = Status::Occupied;
        p.tenant = Some(OrgId(7));
        assert!(
            apply(
                &p,
                &[],
                OrgId(1),
                UserId(2),
                ApplicationKind::Interest,
                "x".into(),
                NOW
            )
            .is_err()
        );
        p.status = Status::OpenCall;
        assert!(
            apply(
                &p,
                &[],
                OrgId(1),
                UserId(2),
                ApplicationKind::Interest,
                "x".into(),
                NOW
            )
            .is_ok()
        );
        p.state = RecordState::Archived;
        assert!(!p.accepts_applications());
    }

    #[test]
    fn decisions_need_a_reason_to_reject() {
        let p = premises();
        let mut a = apply(
            &p,
            &[],
            OrgId(1),
            UserId(2),
            ApplicationKind::Application,
            "Na świetlicę.".into(),
            NOW,
        )
        .unwrap();
        assert!(decide(&mut a, ApplicationStatus::Rejected, " ", UserId(3), NOW).is_err());
        assert!(decide(&mut a, ApplicationStatus::Submitted, "", UserId(3), NOW).is_err());
        decide(&mut a, ApplicationStatus::InReview, "", UserId(3), NOW).unwrap();
        assert!(decide(&mut a, ApplicationStatus::InReview, "", UserId(3), NOW).is_err());
        decide(
            &mut a,
            ApplicationStatus::Rejected,
            "Lokal dla innej organizacji.",
            UserId(3),
            NOW,
        )
        .unwrap();
        assert_eq!(a.reason, "Lokal dla innej organizacji.");
        assert_eq!(a.decided_by, Some(UserId(3)));
        decide(&mut a, ApplicationStatus::Accepted, "", UserId(3), NOW).unwrap();
        assert_eq!(a.status, ApplicationStatus::Accepted);
    }

    #[test]
    fn who_may_apply_and_see_applications() {
        assert_eq!(
            applying_organizations(&user(Role::Pes, &[1, 2])),
            [OrgId(1), OrgId(2)]
        );
        assert!(applying_organizations(&user(Role::Staff, &[1])).is_empty());
        assert!(applying_organizations(&user(Role::Resident, &[])).is_empty());
        let mut disabled = user(Role::Pes, &[1]);
        disabled.status = AccountStatus::Disabled;
        assert!(applying_organizations(&disabled).is_empty());
        let a = apply(
            &premises(),
            &[],
            OrgId(1),
            UserId(2),
            ApplicationKind::Interest,
            "Interesuje nas.".into(),
            NOW,
        )
        .unwrap();
        assert!(may_see_application(&user(Role::Pes, &[1]), &a));
        assert!(!may_see_application(&user(Role::Pes, &[2]), &a));
        assert!(may_see_application(&user(Role::Staff, &[]), &a));
        assert!(!may_see_application(&user(Role::Resident, &[]), &a));
        assert!(check_message("krótko").is_err());
        assert_eq!(
            check_message("  Na zajęcia dla seniorów.  ").as_deref(),
            Ok("Na zajęcia dla seniorów.")
        );
    }

    #[test]
    fn records_round_trip_through_msgpack() {
        let p = premises();
        let bytes = rmp_serde::to_vec_named(&p).unwrap();
        let back: Premises = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(back, p);
    }
}
