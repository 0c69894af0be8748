//! Bank sprzętu: equipment that city departments, organisations and residents give away or lend
//! to social economy organisations — the record, the requests organisations make for it, and
//! every step of their life as a function that says whether the step is allowed now.
//!
//! An item is moderated (`state`: pending → published, or archived when staff reject it) and
//! has a status of its own: available → reserved (for one organisation) → handed over, and for
//! a loan → returned → available again. Every change appends a dated entry to its history.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::listing::{Listing, ListingKind};
use super::organization::OrgId;
use super::photo::Photo;
use super::user::{AccountStatus, Role, User, UserId};
use super::vocabulary::vocabulary;
use super::{RecordState, Timestamp};
use crate::text::format;

/// Identifier of an equipment item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EquipmentId(pub u64);

/// Identifier of an organisation's request for an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RequestId(pub u64);

vocabulary! {
    /// What kind of thing it is.
    EquipmentCategory {
        Furniture => "meble", "Meble";
        Computers => "komputery-i-elektronika", "Komputery i elektronika";
        Appliances => "agd", "AGD";
        Office => "wyposazenie-biura", "Wyposażenie biura";
        Sport => "sport-i-rekreacja", "Sport i rekreacja";
        Clothing => "odziez-i-tekstylia", "Odzież i tekstylia";
        Toys => "zabawki-i-pomoce-edukacyjne", "Zabawki i pomoce edukacyjne";
        Tools => "narzedzia", "Narzędzia";
        Rehabilitation => "sprzet-rehabilitacyjny", "Sprzęt rehabilitacyjny";
        AudioVideo => "naglosnienie-i-multimedia", "Nagłośnienie i multimedia";
        Other => "inne", "Inne";
    }
}

vocabulary! {
    /// The technical condition.
    Condition {
        New => "nowy", "nowy";
        VeryGood => "bardzo-dobry", "bardzo dobry";
        Good => "dobry", "dobry";
        NeedsRepair => "wymaga-drobnej-naprawy", "wymaga drobnej naprawy";
    }
}

vocabulary! {
    /// The unit of the quantity.
    Unit {
        Piece => "szt", "szt.";
        Set => "kpl", "kpl.";
    }
}

vocabulary! {
    /// Given for good, or lent until a return date.
    Mode {
        Transfer => "przekazanie", "przekazanie na własność";
        Loan => "uzyczenie", "użyczenie";
    }
}

vocabulary! {
    /// Where the item stands in its life.
    Status {
        Available => "dostepny", "dostępny";
        Reserved => "zarezerwowany", "zarezerwowany";
        HandedOver => "przekazany", "przekazany";
        Returned => "zwrocony", "zwrócony";
    }
}

vocabulary! {
    /// Where an organisation's request stands.
    RequestStatus {
        Open => "otwarty", "czeka na decyzję";
        Approved => "zatwierdzony", "zatwierdzony";
        Declined => "odrzucony", "odrzucony";
        Withdrawn => "wycofany", "wycofany";
        Cancelled => "anulowany", "rezerwacja anulowana";
    }
}

vocabulary! {
    /// What happened, in an entry of an item's history.
    Event {
        Added => "dodano", "dodano do banku sprzętu";
        Submitted => "zgloszono", "zgłoszono do banku sprzętu — czeka na akceptację urzędu";
        Accepted => "zaakceptowano", "urząd zaakceptował zgłoszenie i opublikował je";
        Rejected => "odrzucono", "urząd odrzucił zgłoszenie";
        Edited => "zmieniono", "zmieniono opis sprzętu";
        Requested => "wniosek", "złożono wniosek o sprzęt";
        Withdrawn => "wniosek-wycofany", "wycofano wniosek";
        RequestDeclined => "wniosek-odrzucony", "odrzucono wniosek organizacji";
        Reserved => "rezerwacja", "zarezerwowano dla organizacji";
        ReservationCancelled => "rezerwacja-anulowana", "anulowano rezerwację dla organizacji";
        HandedOver => "przekazanie", "przekazano";
        Returned => "zwrot", "zwrócono";
        AvailableAgain => "ponownie-dostepny", "sprzęt znów jest dostępny";
    }
}

/// How a private donor is shown to the public (and in open data): never by name.
pub const PRIVATE_DONOR: &str = "osoba prywatna";

/// Who gives the item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Donor {
    /// A department or unit of the city (e.g. "Wydział Gospodarki Nieruchomości").
    Department { name: String },
    /// An organisation from the directory.
    Organization { id: OrgId },
    /// A private person. The name is for the donor side only; the public sees
    /// [`PRIVATE_DONOR`].
    Person { name: String },
}

impl Donor {
    /// Stable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Donor::Department { .. } => "urzad",
            Donor::Organization { .. } => "organizacja",
            Donor::Person { .. } => "osoba-prywatna",
        }
    }

    pub fn organization(&self) -> Option<OrgId> {
        match self {
            Donor::Organization { id } => Some(*id),
            _ => None,
        }
    }

    pub fn is_private(&self) -> bool {
        matches!(self, Donor::Person { .. })
    }
}

/// What the handover protocol says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    pub date: Date,
    /// The protocol's number, e.g. "PP/12/2026".
    pub protocol: String,
    pub organization: OrgId,
}

/// One dated entry of an item's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: Timestamp,
    /// The account that did it (`None` for imported and demo data).
    #[serde(default)]
    pub by: Option<UserId>,
    /// Who did it as the public may see it: "pracownik urzędu", an organisation's name,
    /// "darczyńca (osoba prywatna)".
    pub actor: String,
    pub event: Event,
    /// The particulars: an organisation's name, a protocol, a reason.
    #[serde(default)]
    pub detail: String,
}

/// The record as stored. New fields must be `#[serde(default)]` so old files stay readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EquipmentItem {
    pub id: EquipmentId,
    /// Stable public identifier used in URLs (`/sprzet/{slug}`).
    pub slug: String,
    pub title: String,
    pub category: EquipmentCategory,
    pub condition: Condition,
    pub quantity: u32,
    pub unit: Unit,
    pub description: String,
    /// Where to pick it up (street and number, a building, a room).
    pub pickup_address: String,
    /// The osiedle of the pickup place.
    pub pickup_district: String,
    pub donor: Donor,
    pub mode: Mode,
    /// For a loan: when it must come back.
    #[serde(default)]
    pub return_by: Option<Date>,
    #[serde(default)]
    pub photos: Vec<Photo>,
    /// Moderation: only `Published` items are public.
    pub state: RecordState,
    pub status: Status,
    /// The organisation it is reserved for or was handed over to, and the approved request.
    #[serde(default)]
    pub reserved_for: Option<OrgId>,
    #[serde(default)]
    pub reserved_request: Option<RequestId>,
    #[serde(default)]
    pub handover: Option<Handover>,
    #[serde(default)]
    pub returned_on: Option<Date>,
    /// Why staff did not accept it (shown to its author).
    #[serde(default)]
    pub rejection: Option<String>,
    /// When it first became public.
    #[serde(default)]
    pub published: Option<Timestamp>,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    pub created: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub author: Option<UserId>,
    #[serde(default)]
    pub demo: bool,
}

/// An organisation's request for an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EquipmentRequest {
    pub id: RequestId,
    pub item: EquipmentId,
    pub organization: OrgId,
    /// The representative who asked.
    pub user: UserId,
    /// Why the organisation needs it.
    pub justification: String,
    pub status: RequestStatus,
    pub created: Timestamp,
    pub updated: Timestamp,
    /// Who decided or withdrew it.
    #[serde(default)]
    pub decided_by: Option<UserId>,
    /// The donor's reason when declining or cancelling (e-mailed to the requester).
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub demo: bool,
}

/// Who does something, for the history: the account and its public label.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub user: Option<UserId>,
    pub label: String,
}

/// The label of city staff in an item's history.
pub const STAFF_ACTOR: &str = "pracownik urzędu";
/// The label of a private donor in an item's history.
pub const PRIVATE_ACTOR: &str = "darczyńca (osoba prywatna)";

/// The shortest and longest justification of a request.
pub const MIN_JUSTIFICATION_CHARS: usize = 10;
pub const MAX_JUSTIFICATION_CHARS: usize = 1000;
/// The longest reason given when declining a request or cancelling a reservation.
pub const MAX_REASON_CHARS: usize = 1000;
/// The longest protocol number.
pub const MAX_PROTOCOL_CHARS: usize = 40;

/// What kind of donor a person names when adding an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DonorKind {
    /// Staff give for a city department; their items are public at once.
    Department,
    /// A PES representative gives for one of their organisations.
    Organization,
    /// A resident gives as a private person.
    Person,
}

/// What donor `user` may name when adding an item, or `None` when they may not add one
/// (a representative who represents no organisation yet).
pub fn donor_kind_for(user: &User) -> Option<DonorKind> {
    if user.status != AccountStatus::Active || user.is_deleted() {
        return None;
    }
    match user.role {
        Role::Staff | Role::Admin => Some(DonorKind::Department),
        Role::Pes if !user.organizations.is_empty() => Some(DonorKind::Organization),
        Role::Pes => None,
        Role::Resident => Some(DonorKind::Person),
    }
}

/// The donor side of an item: its author, any staff member, and the representatives of the
/// donating organisation. They decide on requests and record the handover.
pub fn is_donor_side(user: &User, item: &EquipmentItem) -> bool {
    user.role.is_staff()
        || item.author == Some(user.id)
        || item
            .donor
            .organization()
            .is_some_and(|org| user.represents(org))
}

/// Whether `user` (or an anonymous visitor) may see the item's page.
pub fn may_view(user: Option<&User>, item: &EquipmentItem) -> bool {
    item.is_public() || user.is_some_and(|u| is_donor_side(u, item))
}

/// The organisations `user` may request equipment for: a verified, active PES representative's
/// own organisations; nobody else's.
pub fn requesting_organizations(user: &User) -> &[OrgId] {
    if user.role == Role::Pes && user.status == AccountStatus::Active && !user.is_deleted() {
        &user.organizations
    } else {
        &[]
    }
}

/// Whether `user` may request equipment for `org`.
pub fn may_request_for(user: &User, org: OrgId) -> bool {
    requesting_organizations(user).contains(&org) && user.represents(org)
}

/// Whether `user` may withdraw `request`: the person who made it, or another representative
/// of the same organisation.
pub fn may_withdraw(user: &User, request: &EquipmentRequest) -> bool {
    user.role == Role::Pes && (request.user == user.id || user.represents(request.organization))
}

/// Checks the justification of a request: required, a sentence or a short paragraph.
pub fn check_justification(text: &str) -> Result<String, &'static str> {
    let text = text.trim().replace("\r\n", "\n");
    let chars = text.chars().count();
    if chars < MIN_JUSTIFICATION_CHARS {
        return Err(
            "Napisz krótko, do czego organizacja potrzebuje tego sprzętu (co najmniej 10 znaków).",
        );
    }
    if chars > MAX_JUSTIFICATION_CHARS {
        return Err("Uzasadnienie może mieć najwyżej 1000 znaków.");
    }
    Ok(text)
}

/// Checks an optional reason (declining a request, cancelling a reservation).
pub fn check_reason(text: &str) -> Result<String, &'static str> {
    let text = text.trim().replace("\r\n", "\n");
    if text.chars().count() > MAX_REASON_CHARS {
        return Err("Wyjaśnienie może mieć najwyżej 1000 znaków.");
    }
    Ok(text)
}

/// Checks a handover protocol number: letters, digits and `/ - . ` separators, with a digit.
pub fn check_protocol(text: &str) -> Result<String, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Podaj numer protokołu przekazania, np. PP/12/2026.");
    }
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | ' ' | '_');
    if text.chars().count() > MAX_PROTOCOL_CHARS
        || !text.chars().all(allowed)
        || !text.chars().any(|c| c.is_ascii_digit())
    {
        return Err("Numer protokołu to litery i cyfry rozdzielone ukośnikami, np. PP/12/2026.");
    }
    Ok(text.to_string())
}

/// Reads a required date (see [`super::validate::parse_date`]) with the message to show.
pub fn parse_date(text: &str) -> Result<Date, &'static str> {
    if text.trim().is_empty() {
        return Err("Podaj datę.");
    }
    super::validate::parse_date(text)
        .ok_or("Podaj prawdziwą datę w postaci RRRR-MM-DD, np. 2026-03-15.")
}

impl EquipmentItem {
    pub fn is_public(&self) -> bool {
        self.state == RecordState::Published
    }

    /// Available or reserved: what the list shows by default.
    pub fn is_current(&self) -> bool {
        matches!(self.status, Status::Available | Status::Reserved)
    }

    /// The pickup address as the public may see it: a private person's is shown only to the
    /// donor side and to the organisation the item is reserved for.
    pub fn public_pickup_address(&self) -> Option<&str> {
        (!self.donor.is_private()).then_some(self.pickup_address.as_str())
    }

    /// Whether the item's description may be changed now (pending or published, available).
    pub fn editable(&self) -> Result<(), &'static str> {
        match (self.state, self.status) {
            (RecordState::Pending | RecordState::Published, Status::Available) => Ok(()),
            (RecordState::Archived | RecordState::Draft, _) => {
                Err("Tego zgłoszenia nie można już zmienić.")
            }
            _ => Err(
                "Opis można zmieniać tylko wtedy, gdy sprzęt jest dostępny (nie jest zarezerwowany ani przekazany).",
            ),
        }
    }

    /// The item as subscriptions, enquiries and feeds see it.
    pub fn listing(&self) -> Listing {
        Listing {
            kind: ListingKind::Equipment,
            id: self.id.0,
            slug: self.slug.clone(),
            title: self.title.clone(),
            category: self.category.code().to_string(),
            category_label: self.category.label().to_string(),
            summary: summary(&self.description, 200),
            published: self.published.unwrap_or(self.created),
            organization: self.donor.organization(),
            author: self.author,
        }
    }

    /// Appends a history entry and marks the record changed.
    pub fn record(
        &mut self,
        actor: &Actor,
        event: Event,
        detail: impl Into<String>,
        now: Timestamp,
    ) {
        self.history.push(HistoryEntry {
            at: now,
            by: actor.user,
            actor: actor.label.clone(),
            event,
            detail: detail.into(),
        });
        self.updated = now;
    }
}

/// The first sentences of `text` up to about `max` characters, cut at a word.
pub fn summary(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', '.', ';', ':']))
}

/// A new item enters the bank: published at once when staff add it, waiting for staff
/// otherwise.
pub fn submit(item: &mut EquipmentItem, by_staff: bool, actor: &Actor, now: Timestamp) {
    item.status = Status::Available;
    item.history.clear();
    if by_staff {
        item.state = RecordState::Published;
        item.published = Some(now);
        item.record(actor, Event::Added, "", now);
    } else {
        item.state = RecordState::Pending;
        item.published = None;
        item.record(actor, Event::Submitted, "", now);
    }
    item.created = now;
}

/// Staff accept a waiting item. Returns whether it became public for the first time.
pub fn accept(
    item: &mut EquipmentItem,
    actor: &Actor,
    now: Timestamp,
) -> Result<bool, &'static str> {
    if item.state != RecordState::Pending {
        return Err("To zgłoszenie zostało już rozpatrzone.");
    }
    item.state = RecordState::Published;
    item.rejection = None;
    let first_time = item.published.is_none();
    if first_time {
        item.published = Some(now);
    }
    item.record(actor, Event::Accepted, "", now);
    Ok(first_time)
}

/// Staff reject a waiting item, with a reason for its author.
pub fn reject(
    item: &mut EquipmentItem,
    reason: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), &'static str> {
    if item.state != RecordState::Pending {
        return Err("To zgłoszenie zostało już rozpatrzone.");
    }
    item.state = RecordState::Archived;
    item.rejection = Some(reason.to_string());
    item.record(actor, Event::Rejected, reason, now);
    Ok(())
}

/// Records an edit of the description (the caller has checked [`EquipmentItem::editable`]).
pub fn edited(item: &mut EquipmentItem, actor: &Actor, now: Timestamp) {
    item.record(actor, Event::Edited, "", now);
}

/// What a representative sends when asking for an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Asking<'a> {
    pub organization: OrgId,
    pub org_name: &'a str,
    /// The representative who asks.
    pub user: UserId,
    /// Checked by [`check_justification`].
    pub justification: String,
}

/// An organisation asks for the item. `requests` are the item's requests so far; the new one
/// (with id 0, for the store to number) is returned.
pub fn request(
    item: &mut EquipmentItem,
    requests: &[EquipmentRequest],
    asking: Asking,
    actor: &Actor,
    now: Timestamp,
) -> Result<EquipmentRequest, &'static str> {
    let Asking {
        organization,
        org_name,
        user,
        justification,
    } = asking;
    if !item.is_public() {
        return Err("Ten sprzęt nie jest jeszcze opublikowany.");
    }
    if item.status != Status::Available {
        return Err("Ten sprzęt nie jest już dostępny — ktoś go zarezerwował albo odebrał.");
    }
    if item.donor.organization() == Some(organization) {
        return Err("To sprzęt Twojej organizacji — nie można o niego prosić.");
    }
    if requests
        .iter()
        .any(|r| r.organization == organization && r.status == RequestStatus::Open)
    {
        return Err("Ta organizacja ma już wniosek o ten sprzęt, który czeka na decyzję.");
    }
    item.record(actor, Event::Requested, org_name, now);
    Ok(EquipmentRequest {
        id: RequestId(0),
        item: item.id,
        organization,
        user,
        justification,
        status: RequestStatus::Open,
        created: now,
        updated: now,
        decided_by: None,
        reason: String::new(),
        demo: false,
    })
}

fn open_request<'r>(
    item: &EquipmentItem,
    requests: &'r mut [EquipmentRequest],
    id: RequestId,
) -> Result<&'r mut EquipmentRequest, &'static str> {
    let request = requests
        .iter_mut()
        .find(|r| r.id == id && r.item == item.id)
        .ok_or("Nie ma takiego wniosku o ten sprzęt.")?;
    if request.status != RequestStatus::Open {
        return Err("Ten wniosek został już rozpatrzony albo wycofany.");
    }
    Ok(request)
}

/// The donor side approves one request: the item is reserved for that organisation and every
/// other open request is declined. Returns the ids of the declined requests.
pub fn approve(
    item: &mut EquipmentItem,
    requests: &mut [EquipmentRequest],
    id: RequestId,
    org_name: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<Vec<RequestId>, &'static str> {
    if !item.is_public() || item.status != Status::Available {
        return Err("Sprzęt nie jest dostępny — nie można go teraz zarezerwować.");
    }
    let approved = open_request(item, requests, id)?;
    approved.status = RequestStatus::Approved;
    approved.decided_by = actor.user;
    approved.updated = now;
    let organization = approved.organization;
    let mut declined = Vec::new();
    for other in requests
        .iter_mut()
        .filter(|r| r.id != id && r.item == item.id && r.status == RequestStatus::Open)
    {
        other.status = RequestStatus::Declined;
        other.decided_by = actor.user;
        other.reason = "Sprzęt otrzymała inna organizacja.".to_string();
        other.updated = now;
        declined.push(other.id);
    }
    item.status = Status::Reserved;
    item.reserved_for = Some(organization);
    item.reserved_request = Some(id);
    item.record(actor, Event::Reserved, org_name, now);
    Ok(declined)
}

/// The donor side declines one open request.
pub fn decline(
    item: &mut EquipmentItem,
    requests: &mut [EquipmentRequest],
    id: RequestId,
    reason: &str,
    org_name: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), &'static str> {
    let request = open_request(item, requests, id)?;
    request.status = RequestStatus::Declined;
    request.decided_by = actor.user;
    request.reason = reason.to_string();
    request.updated = now;
    item.record(actor, Event::RequestDeclined, org_name, now);
    Ok(())
}

/// The requesting organisation withdraws its open request.
pub fn withdraw(
    item: &mut EquipmentItem,
    requests: &mut [EquipmentRequest],
    id: RequestId,
    org_name: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), &'static str> {
    let request = open_request(item, requests, id)?;
    request.status = RequestStatus::Withdrawn;
    request.decided_by = actor.user;
    request.updated = now;
    item.record(actor, Event::Withdrawn, org_name, now);
    Ok(())
}

/// The donor side cancels the reservation: the item is available again and the approved
/// request is marked cancelled. Returns that request's id.
pub fn cancel_reservation(
    item: &mut EquipmentItem,
    requests: &mut [EquipmentRequest],
    reason: &str,
    org_name: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<Option<RequestId>, &'static str> {
    if item.status != Status::Reserved {
        return Err("Ten sprzęt nie jest zarezerwowany.");
    }
    let id = item.reserved_request;
    if let Some(request) = requests
        .iter_mut()
        .find(|r| Some(r.id) == id && r.status == RequestStatus::Approved)
    {
        request.status = RequestStatus::Cancelled;
        request.decided_by = actor.user;
        request.reason = reason.to_string();
        request.updated = now;
    }
    item.status = Status::Available;
    item.reserved_for = None;
    item.reserved_request = None;
    item.record(actor, Event::ReservationCancelled, org_name, now);
    Ok(id)
}

/// The donor side records the handover to the organisation it is reserved for.
pub fn hand_over(
    item: &mut EquipmentItem,
    date: Date,
    protocol: &str,
    org_name: &str,
    actor: &Actor,
    today: Date,
    now: Timestamp,
) -> Result<(), &'static str> {
    if item.status != Status::Reserved {
        return Err("Przekazać można tylko sprzęt zarezerwowany dla organizacji.");
    }
    let organization = item
        .reserved_for
        .ok_or("Nie wiadomo, dla kogo jest rezerwacja.")?;
    if date > today {
        return Err("Data przekazania nie może być w przyszłości.");
    }
    item.status = Status::HandedOver;
    item.handover = Some(Handover {
        date,
        protocol: protocol.to_string(),
        organization,
    });
    let detail = format!(
        "{org_name}, {}, protokół {protocol}",
        format::date_long(date)
    );
    item.record(actor, Event::HandedOver, detail, now);
    Ok(())
}

/// The donor side records that a lent item came back.
pub fn record_return(
    item: &mut EquipmentItem,
    date: Date,
    actor: &Actor,
    today: Date,
    now: Timestamp,
) -> Result<(), &'static str> {
    if item.status != Status::HandedOver {
        return Err("Zwrot można zapisać tylko dla sprzętu, który został przekazany.");
    }
    if item.mode != Mode::Loan {
        return Err("Ten sprzęt przekazano na własność — nie podlega zwrotowi.");
    }
    if date > today {
        return Err("Data zwrotu nie może być w przyszłości.");
    }
    if item.handover.as_ref().is_some_and(|h| date < h.date) {
        return Err("Data zwrotu nie może być wcześniejsza niż data przekazania.");
    }
    item.status = Status::Returned;
    item.returned_on = Some(date);
    item.record(actor, Event::Returned, format::date_long(date), now);
    Ok(())
}

/// The donor side offers a returned item again.
pub fn make_available(
    item: &mut EquipmentItem,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), &'static str> {
    if item.status != Status::Returned {
        return Err("Ponownie udostępnić można tylko sprzęt, który wrócił z użyczenia.");
    }
    item.status = Status::Available;
    item.reserved_for = None;
    item.reserved_request = None;
    item.handover = None;
    item.returned_on = None;
    item.record(actor, Event::AvailableAgain, "", now);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = 1_790_000_000;

    fn today() -> Date {
        jiff::civil::date(2026, 11, 27)
    }

    fn actor(id: u64) -> Actor {
        Actor {
            user: Some(UserId(id)),
            label: STAFF_ACTOR.to_string(),
        }
    }

    fn item(mode: Mode) -> EquipmentItem {
        EquipmentItem {
            id: EquipmentId(7),
            slug: "biurka-szkolne".into(),
            title: "Biurka szkolne dwuosobowe".into(),
            category: EquipmentCategory::Furniture,
            condition: Condition::Good,
            quantity: 12,
            unit: Unit::Piece,
            description: "Biurka po wymianie wyposażenia szkoły.".into(),
            pickup_address: "ul. Gagarina 5".into(),
            pickup_district: "Bielany".into(),
            donor: Donor::Department {
                name: "Wydział Edukacji".into(),
            },
            mode,
            return_by: (mode == Mode::Loan).then(|| jiff::civil::date(2027, 6, 30)),
            photos: Vec::new(),
            state: RecordState::Pending,
            status: Status::Available,
            reserved_for: None,
            reserved_request: None,
            handover: None,
            returned_on: None,
            rejection: None,
            published: None,
            history: Vec::new(),
            created: 1,
            updated: 1,
            author: Some(UserId(1)),
            demo: false,
        }
    }

    fn user(id: u64, role: Role, orgs: &[u64]) -> User {
        User {
            id: UserId(id),
            email: format!("u{id}@example.pl"),
            name: format!("Osoba {id}"),
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

    fn asking(org: u64, why: &str) -> Asking<'static> {
        Asking {
            organization: OrgId(org),
            org_name: "Fundacja",
            user: UserId(100 + org),
            justification: why.to_string(),
        }
    }

    /// A published item with open requests from organisations 10, 11 and 12 (ids 1, 2, 3).
    fn requested(mode: Mode) -> (EquipmentItem, Vec<EquipmentRequest>) {
        let mut it = item(mode);
        submit(&mut it, true, &actor(1), NOW);
        let mut requests = Vec::new();
        for (n, org) in [10u64, 11, 12].into_iter().enumerate() {
            let mut r = request(
                &mut it,
                &requests,
                asking(org, "Na zajęcia świetlicy."),
                &actor(100 + org),
                NOW,
            )
            .expect("available");
            r.id = RequestId(n as u64 + 1);
            requests.push(r);
        }
        (it, requests)
    }

    #[test]
    fn vocabulary_codes_round_trip() {
        for c in EquipmentCategory::ALL {
            assert_eq!(EquipmentCategory::from_code(c.code()), Some(*c));
        }
        for c in Condition::ALL {
            assert_eq!(Condition::from_code(c.code()), Some(*c));
        }
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(*s));
        }
        assert_eq!(EquipmentCategory::ALL.len(), 11);
        assert_eq!(Mode::from_code("sprzedaz"), None);
    }

    #[test]
    fn staff_items_are_public_at_once_others_wait_for_acceptance() {
        let mut by_staff = item(Mode::Transfer);
        submit(&mut by_staff, true, &actor(1), NOW);
        assert!(by_staff.is_public());
        assert_eq!(by_staff.published, Some(NOW));
        assert_eq!(by_staff.history[0].event, Event::Added);

        let mut by_resident = item(Mode::Transfer);
        submit(&mut by_resident, false, &actor(2), NOW);
        assert_eq!(by_resident.state, RecordState::Pending);
        assert_eq!(by_resident.published, None);
        assert_eq!(accept(&mut by_resident, &actor(1), NOW + 5), Ok(true));
        assert!(by_resident.is_public());
        assert_eq!(by_resident.published, Some(NOW + 5));
        assert!(
            accept(&mut by_resident, &actor(1), NOW + 6).is_err(),
            "only once"
        );

        let mut spam = item(Mode::Transfer);
        submit(&mut spam, false, &actor(2), NOW);
        assert_eq!(reject(&mut spam, "Reklama.", &actor(1), NOW), Ok(()));
        assert_eq!(spam.state, RecordState::Archived);
        assert_eq!(spam.rejection.as_deref(), Some("Reklama."));
        assert!(spam.editable().is_err());
        assert!(reject(&mut spam, "Znowu.", &actor(1), NOW).is_err());
    }

    #[test]
    fn who_may_add_view_and_decide() {
        assert_eq!(
            donor_kind_for(&user(1, Role::Staff, &[])),
            Some(DonorKind::Department)
        );
        assert_eq!(
            donor_kind_for(&user(2, Role::Pes, &[10])),
            Some(DonorKind::Organization)
        );
        assert_eq!(donor_kind_for(&user(3, Role::Pes, &[])), None);
        assert_eq!(
            donor_kind_for(&user(4, Role::Resident, &[])),
            Some(DonorKind::Person)
        );
        let mut disabled = user(5, Role::Resident, &[]);
        disabled.status = AccountStatus::Disabled;
        assert_eq!(donor_kind_for(&disabled), None);

        let mut it = item(Mode::Transfer);
        it.author = Some(UserId(4));
        assert!(is_donor_side(&user(4, Role::Resident, &[]), &it), "author");
        assert!(is_donor_side(&user(9, Role::Staff, &[]), &it), "staff");
        assert!(!is_donor_side(&user(2, Role::Pes, &[10]), &it));
        it.donor = Donor::Organization { id: OrgId(10) };
        assert!(
            is_donor_side(&user(2, Role::Pes, &[10]), &it),
            "donor's rep"
        );
        assert!(!may_view(None, &it), "pending items are not public");
        assert!(may_view(Some(&user(4, Role::Resident, &[])), &it));
        it.state = RecordState::Published;
        assert!(may_view(None, &it));
    }

    #[test]
    fn only_active_representatives_request_for_their_own_organisations() {
        assert!(may_request_for(&user(2, Role::Pes, &[10]), OrgId(10)));
        assert!(!may_request_for(&user(2, Role::Pes, &[10]), OrgId(11)));
        assert!(!may_request_for(&user(4, Role::Resident, &[]), OrgId(10)));
        assert!(!may_request_for(&user(1, Role::Staff, &[10]), OrgId(10)));
        let mut disabled = user(2, Role::Pes, &[10]);
        disabled.status = AccountStatus::Disabled;
        assert!(!may_request_for(&disabled, OrgId(10)));
    }

    #[test]
    fn one_open_request_per_organisation_and_only_while_available() {
        let (mut it, requests) = requested(Mode::Transfer);
        let again = request(
            &mut it,
            &requests,
            asking(10, "Jeszcze raz, bardzo prosimy."),
            &actor(110),
            NOW,
        );
        assert!(again.is_err());
        it.donor = Donor::Organization { id: OrgId(20) };
        let own = request(
            &mut it,
            &requests,
            asking(20, "Dla naszej świetlicy."),
            &actor(120),
            NOW,
        );
        assert!(own.is_err(), "not one's own item");
        let mut pending = item(Mode::Transfer);
        submit(&mut pending, false, &actor(3), NOW);
        assert!(
            request(
                &mut pending,
                &[],
                asking(10, "Na zajęcia świetlicy."),
                &actor(110),
                NOW
            )
            .is_err()
        );
    }

    #[test]
    fn approving_one_request_declines_the_others_and_reserves_the_item() {
        let (mut it, mut requests) = requested(Mode::Transfer);
        let declined = approve(
            &mut it,
            &mut requests,
            RequestId(2),
            "Stowarzyszenie",
            &actor(1),
            NOW,
        )
        .expect("approved");
        assert_eq!(declined, vec![RequestId(1), RequestId(3)]);
        assert_eq!(it.status, Status::Reserved);
        assert_eq!(it.reserved_for, Some(OrgId(11)));
        assert_eq!(requests[1].status, RequestStatus::Approved);
        assert_eq!(requests[0].status, RequestStatus::Declined);
        assert_eq!(requests[2].status, RequestStatus::Declined);
        assert_eq!(it.history.last().unwrap().event, Event::Reserved);
        // Nothing more to approve, withdraw or decline.
        assert!(approve(&mut it, &mut requests, RequestId(1), "x", &actor(1), NOW).is_err());
        assert!(withdraw(&mut it, &mut requests, RequestId(1), "x", &actor(110), NOW).is_err());
        assert!(
            decline(
                &mut it,
                &mut requests,
                RequestId(2),
                "",
                "x",
                &actor(1),
                NOW
            )
            .is_err(),
            "the approved request is no longer open"
        );
        assert!(it.editable().is_err(), "reserved items are not edited");
    }

    #[test]
    fn withdrawing_and_declining_touch_only_open_requests() {
        let (mut it, mut requests) = requested(Mode::Transfer);
        assert_eq!(
            withdraw(&mut it, &mut requests, RequestId(1), "F", &actor(110), NOW),
            Ok(())
        );
        assert_eq!(requests[0].status, RequestStatus::Withdrawn);
        assert!(withdraw(&mut it, &mut requests, RequestId(1), "F", &actor(110), NOW).is_err());
        assert_eq!(
            decline(
                &mut it,
                &mut requests,
                RequestId(3),
                "Za daleko.",
                "F",
                &actor(1),
                NOW
            ),
            Ok(())
        );
        assert_eq!(requests[2].reason, "Za daleko.");
        assert!(
            decline(
                &mut it,
                &mut requests,
                RequestId(99),
                "",
                "F",
                &actor(1),
                NOW
            )
            .is_err()
        );
        assert_eq!(it.status, Status::Available);
        let withdrawer = user(110, Role::Pes, &[10]);
        assert!(may_withdraw(&withdrawer, &requests[0]));
        assert!(!may_withdraw(&user(111, Role::Pes, &[77]), &requests[0]));
        assert!(!may_withdraw(&user(1, Role::Staff, &[]), &requests[0]));
    }

    #[test]
    fn a_cancelled_reservation_makes_the_item_available_again() {
        let (mut it, mut requests) = requested(Mode::Transfer);
        assert!(cancel_reservation(&mut it, &mut requests, "", "F", &actor(1), NOW).is_err());
        approve(&mut it, &mut requests, RequestId(1), "F", &actor(1), NOW).unwrap();
        assert_eq!(
            cancel_reservation(
                &mut it,
                &mut requests,
                "Zmiana planów.",
                "F",
                &actor(1),
                NOW
            ),
            Ok(Some(RequestId(1)))
        );
        assert_eq!(it.status, Status::Available);
        assert_eq!(it.reserved_for, None);
        assert_eq!(requests[0].status, RequestStatus::Cancelled);
        assert_eq!(requests[0].reason, "Zmiana planów.");
        assert_eq!(
            it.history.last().unwrap().event,
            Event::ReservationCancelled
        );
    }

    #[test]
    fn a_transfer_ends_at_the_handover() {
        let (mut it, mut requests) = requested(Mode::Transfer);
        let d = jiff::civil::date(2026, 11, 20);
        assert!(hand_over(&mut it, d, "PP/1/2026", "F", &actor(1), today(), NOW).is_err());
        approve(&mut it, &mut requests, RequestId(1), "F", &actor(1), NOW).unwrap();
        let future = jiff::civil::date(2026, 12, 1);
        assert!(hand_over(&mut it, future, "PP/1/2026", "F", &actor(1), today(), NOW).is_err());
        assert_eq!(
            hand_over(
                &mut it,
                d,
                "PP/12/2026",
                "Fundacja Ala",
                &actor(1),
                today(),
                NOW
            ),
            Ok(())
        );
        assert_eq!(it.status, Status::HandedOver);
        let handover = it.handover.clone().unwrap();
        assert_eq!(
            (handover.protocol.as_str(), handover.organization),
            ("PP/12/2026", OrgId(10))
        );
        assert!(it.history.last().unwrap().detail.contains("PP/12/2026"));
        assert!(record_return(&mut it, today(), &actor(1), today(), NOW).is_err());
        assert!(make_available(&mut it, &actor(1), NOW).is_err());
    }

    #[test]
    fn a_loan_comes_back_and_is_offered_again() {
        let (mut it, mut requests) = requested(Mode::Loan);
        approve(&mut it, &mut requests, RequestId(3), "F", &actor(1), NOW).unwrap();
        let out = jiff::civil::date(2026, 10, 1);
        hand_over(&mut it, out, "U/3/2026", "F", &actor(1), today(), NOW).unwrap();
        assert!(
            record_return(
                &mut it,
                jiff::civil::date(2026, 9, 30),
                &actor(1),
                today(),
                NOW
            )
            .is_err(),
            "not before the handover"
        );
        assert!(
            record_return(
                &mut it,
                jiff::civil::date(2026, 12, 30),
                &actor(1),
                today(),
                NOW
            )
            .is_err(),
            "not in the future"
        );
        assert_eq!(
            record_return(
                &mut it,
                jiff::civil::date(2026, 11, 2),
                &actor(1),
                today(),
                NOW
            ),
            Ok(())
        );
        assert_eq!(it.status, Status::Returned);
        assert_eq!(make_available(&mut it, &actor(1), NOW), Ok(()));
        assert_eq!(it.status, Status::Available);
        assert!(it.handover.is_none() && it.reserved_for.is_none());
        let events: Vec<Event> = it.history.iter().map(|h| h.event).collect();
        assert!(events.ends_with(&[
            Event::Reserved,
            Event::HandedOver,
            Event::Returned,
            Event::AvailableAgain
        ]));
    }

    #[test]
    fn field_checks() {
        assert!(check_justification("krótko").is_err());
        assert_eq!(
            check_justification("  Na zajęcia dla seniorów.  ").as_deref(),
            Ok("Na zajęcia dla seniorów.")
        );
        assert!(check_justification(&"ż".repeat(1001)).is_err());
        assert_eq!(check_protocol(" PP/12/2026 ").as_deref(), Ok("PP/12/2026"));
        assert!(check_protocol("").is_err());
        assert!(check_protocol("<b>1</b>").is_err());
        assert!(check_protocol("bez numeru").is_err());
        assert_eq!(parse_date("2026-03-15"), Ok(jiff::civil::date(2026, 3, 15)));
        assert_eq!(parse_date("15.03.2026"), Ok(jiff::civil::date(2026, 3, 15)));
        for bad in ["", "30.02.2026", "2026-02-30", "2026-3-5", "20260315"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert!(check_reason(&"a".repeat(1001)).is_err());
        assert_eq!(check_reason(" ").as_deref(), Ok(""));
    }

    #[test]
    fn private_donors_keep_their_address_and_name_off_the_public_page() {
        let mut it = item(Mode::Transfer);
        assert_eq!(it.public_pickup_address(), Some("ul. Gagarina 5"));
        it.donor = Donor::Person {
            name: "Jan Kowalski".into(),
        };
        assert_eq!(it.public_pickup_address(), None);
        assert_eq!(it.donor.code(), "osoba-prywatna");
    }

    #[test]
    fn records_without_later_fields_still_load() {
        let it = item(Mode::Loan);
        let bytes = rmp_serde::to_vec_named(&it).unwrap();
        let back: EquipmentItem = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(back, it);
        let listing = it.listing();
        assert_eq!(listing.path(), "/sprzet/biurka-szkolne");
        assert_eq!(listing.category, "meble");
    }
}
