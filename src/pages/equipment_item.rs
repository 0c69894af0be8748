//! An item of the Bank sprzętu (`/sprzet/{slug}`): details, photos, donor, pickup place,
//! status and history, the request form for representatives and the requests with the donor
//! side's buttons — and what the step handlers share: who acts, the mail, one step in a
//! transaction, the donor side's check.

use serde::Serialize;

use super::equipment::organizations_of;
use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::domain::equipment::{
    self, Actor, Donor, EquipmentItem, EquipmentRequest, Mode, PRIVATE_ACTOR, PRIVATE_DONOR,
    RequestStatus, STAFF_ACTOR, Status,
};
use crate::domain::listing::ListingKind;
use crate::domain::mail::{MailContent, OutgoingMail};
use crate::domain::organization::OrgId;
use crate::domain::photo::Photo;
use crate::domain::user::User;
use crate::domain::validate::FieldErrors;
use crate::store::{EquipmentChange, EquipmentLookup};
use crate::web::http::Response;

/// The item of `/sprzet/{slug}…` if the visitor may see it; pending and rejected items only
/// for the donor side.
pub(super) fn visible_item(app: &App, ctx: &Ctx) -> Result<EquipmentItem, PageError> {
    app.store
        .equipment_by_slug(ctx.param("slug"))?
        .filter(|item| equipment::may_view(ctx.visitor.user.as_ref(), item))
        .ok_or(PageError::NotFound)
}

/// What the forms on the item page show when they come back with errors.
#[derive(Debug, Default)]
pub(super) struct Forms {
    pub errors: FieldErrors,
    /// A step that is not possible now (the item changed meanwhile).
    pub problem: Option<&'static str>,
    pub organization: String,
    pub justification: String,
    pub handover_date: String,
    pub protocol: String,
    pub return_date: String,
    /// The request whose decline reason came back with an error.
    pub reason_for: Option<u64>,
    pub cancel_reason: String,
}

/// `GET /sprzet/{slug}`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let item = visible_item(app, ctx)?;
    show_with(app, ctx, &item, 200, Forms::default())
}

/// The item page with `status` (422 for a form with errors, 409 for a step that is not
/// possible now).
pub(super) fn show_with(
    app: &App,
    ctx: &Ctx,
    item: &EquipmentItem,
    status: u16,
    forms: Forms,
) -> PageResult {
    let view = ItemView::build(app, ctx, item, forms)?;
    render_status(app, ctx, status, "equipment/show.html", &item.title, view)
}

/// Notices shown after a step, by the `komunikat` the step redirects with.
const NOTICES: &[(&str, &str)] = &[
    (
        "dodano",
        "Sprzęt został dodany do banku i jest już widoczny dla organizacji.",
    ),
    (
        "zgloszono",
        "Dziękujemy! Sprzęt czeka na akceptację urzędu — dostaniesz wiadomość e-mail, gdy zostanie opublikowany.",
    ),
    ("zapisano", "Zmiany zostały zapisane."),
    (
        "wniosek-wyslany",
        "Wniosek został wysłany. Dostaniesz wiadomość e-mail z decyzją.",
    ),
    ("wniosek-wycofany", "Wniosek został wycofany."),
    (
        "zatwierdzono",
        "Wniosek zatwierdzony — sprzęt jest zarezerwowany dla tej organizacji. Organizacja dostanie wiadomość e-mail; pozostałe wnioski zostały odrzucone, a ich autorzy powiadomieni.",
    ),
    (
        "wniosek-odrzucony",
        "Wniosek został odrzucony, a organizacja dostanie wiadomość e-mail.",
    ),
    (
        "rezerwacja-anulowana",
        "Rezerwacja została anulowana — sprzęt jest znów dostępny. Organizacja dostanie wiadomość e-mail.",
    ),
    ("przekazano", "Zapisano przekazanie sprzętu."),
    ("zwrocono", "Zapisano zwrot sprzętu."),
    ("dostepny", "Sprzęt jest znów dostępny dla organizacji."),
    (
        "edycja-niedostepna",
        "Opis można zmieniać tylko wtedy, gdy sprzęt jest dostępny — nie jest zarezerwowany ani przekazany.",
    ),
];

/// Everything the item page shows.
#[derive(Serialize)]
struct ItemView {
    csrf: String,
    id: u64,
    slug: String,
    title: String,
    category: &'static str,
    category_code: &'static str,
    condition: &'static str,
    quantity: u32,
    unit: &'static str,
    description: Vec<String>,
    photos: Vec<Photo>,
    donor: String,
    donor_href: Option<String>,
    /// A private donor's name, for the donor side only.
    donor_private_name: Option<String>,
    pickup_address: Option<String>,
    pickup_district: String,
    mode: &'static str,
    is_loan: bool,
    return_by: Option<String>,
    status: &'static str,
    status_code: &'static str,
    reserved_for: Option<(String, String)>,
    handover: Option<HandoverView>,
    returned_on: Option<String>,
    pending: bool,
    rejected: Option<String>,
    history: Vec<HistoryLine>,
    ask_href: String,
    api_href: String,
    demo: bool,
    created: i64,
    updated: i64,
    notice: Option<&'static str>,
    problem: Option<&'static str>,
    errors: FieldErrors,
    can_edit: bool,
    donor_side: bool,
    is_staff: bool,
    /// The representative's organisations that may still ask (empty: no form).
    request_choices: Vec<(String, String, bool)>,
    justification: String,
    /// A representative whose organisations all asked already, or own the item.
    request_blocked: Option<&'static str>,
    my_requests: Vec<RequestLine>,
    requests: Vec<RequestLine>,
    can_cancel_reservation: bool,
    can_hand_over: bool,
    handover_date: String,
    protocol: String,
    can_record_return: bool,
    return_date: String,
    can_make_available: bool,
    reason_for: Option<u64>,
    cancel_reason: String,
    /// Public and available: organisations may ask for it.
    may_be_asked_for: bool,
    signed_in: bool,
    pes_without_organization: bool,
    today: String,
}

#[derive(Serialize)]
struct HandoverView {
    date: String,
    protocol: String,
    organization: String,
    organization_href: String,
}

#[derive(Serialize)]
struct HistoryLine {
    at: i64,
    actor: String,
    what: &'static str,
    detail: String,
}

#[derive(Serialize)]
struct RequestLine {
    id: u64,
    organization: String,
    organization_href: String,
    person: String,
    justification: String,
    status: &'static str,
    status_code: &'static str,
    open: bool,
    created: i64,
    reason: String,
}

impl ItemView {
    fn build(
        app: &App,
        ctx: &Ctx,
        item: &EquipmentItem,
        forms: Forms,
    ) -> Result<ItemView, PageError> {
        let user = ctx.visitor.user.as_ref();
        let donor_side = user.is_some_and(|u| equipment::is_donor_side(u, item));
        let asking: &[OrgId] = user.map(equipment::requesting_organizations).unwrap_or(&[]);
        let requests = if donor_side || !asking.is_empty() {
            app.store.equipment_requests(item.id)?
        } else {
            Vec::new()
        };
        let orgs = organizations_of(app, std::slice::from_ref(item), &requests)?;
        let org_link = |id: OrgId| match orgs.get(&id) {
            Some(o) => (o.name.clone(), format!("/podmioty/{}", o.slug)),
            None => ("organizacja".to_string(), String::new()),
        };
        let reserved_viewer = user.is_some_and(|u| {
            item.reserved_for
                .or(item.handover.as_ref().map(|h| h.organization))
                .is_some_and(|org| u.represents(org))
        });
        let line = |r: &EquipmentRequest, person: String| {
            let (organization, organization_href) = org_link(r.organization);
            RequestLine {
                id: r.id.0,
                organization,
                organization_href,
                person,
                justification: r.justification.clone(),
                status: r.status.label(),
                status_code: r.status.code(),
                open: r.status == RequestStatus::Open,
                created: r.created,
                reason: r.reason.clone(),
            }
        };
        let mut all_requests = Vec::new();
        if donor_side {
            for r in &requests {
                let person = app.store.user(r.user)?.map(|u| u.name).unwrap_or_default();
                all_requests.push(line(r, person));
            }
        }
        let my_requests: Vec<RequestLine> = requests
            .iter()
            .filter(|r| asking.contains(&r.organization))
            .map(|r| line(r, String::new()))
            .collect();
        let open_orgs: Vec<OrgId> = requests
            .iter()
            .filter(|r| r.status == RequestStatus::Open)
            .map(|r| r.organization)
            .collect();
        let can_ask_now = item.is_public() && item.status == Status::Available;
        let free: Vec<OrgId> = asking
            .iter()
            .copied()
            .filter(|o| !open_orgs.contains(o) && item.donor.organization() != Some(*o))
            .collect();
        let request_blocked = (!asking.is_empty() && can_ask_now && free.is_empty()).then_some(
            "Twoja organizacja ma już wniosek o ten sprzęt, który czeka na decyzję, albo to jej własny sprzęt.",
        );
        let request_choices = if can_ask_now {
            let mut free_orgs = app.store.organizations_by_ids(&free)?;
            free_orgs.sort_by(|a, b| a.name.cmp(&b.name));
            free_orgs
                .into_iter()
                .map(|o| {
                    let id = o.id.0.to_string();
                    let selected = forms.organization == id;
                    (id, o.name, selected)
                })
                .collect()
        } else {
            Vec::new()
        };
        let (donor, donor_href) = match &item.donor {
            Donor::Department { name } => (name.clone(), None),
            Donor::Organization { id } => {
                let (name, href) = org_link(*id);
                (name, Some(href).filter(|h| !h.is_empty()))
            }
            Donor::Person { .. } => (PRIVATE_DONOR.to_string(), None),
        };
        let donor_private_name = match &item.donor {
            Donor::Person { name } if donor_side => Some(name.clone()),
            _ => None,
        };
        let is_staff = user.is_some_and(|u| u.role.is_staff());
        let history = item
            .history
            .iter()
            .rev()
            .map(|h| HistoryLine {
                at: h.at,
                actor: h.actor.clone(),
                what: h.event.label(),
                // A representative's own steps name the organisation as the actor already.
                detail: if (h.event == equipment::Event::Rejected && !donor_side)
                    || h.detail == h.actor
                {
                    String::new()
                } else {
                    h.detail.clone()
                },
            })
            .collect();
        let notice = ctx
            .query
            .get("komunikat")
            .and_then(|code| NOTICES.iter().find(|(c, _)| *c == code))
            .map(|(_, text)| *text);
        let today = crate::text::format::today().to_string();
        Ok(ItemView {
            csrf: ctx.visitor.csrf_token(),
            id: item.id.0,
            slug: item.slug.clone(),
            title: item.title.clone(),
            category: item.category.label(),
            category_code: item.category.code(),
            condition: item.condition.label(),
            quantity: item.quantity,
            unit: item.unit.label(),
            description: item
                .description
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
            photos: item.photos.clone(),
            donor,
            donor_href,
            donor_private_name,
            pickup_address: if donor_side || reserved_viewer {
                Some(item.pickup_address.clone())
            } else {
                item.public_pickup_address().map(str::to_string)
            },
            pickup_district: item.pickup_district.clone(),
            mode: item.mode.label(),
            is_loan: item.mode == Mode::Loan,
            return_by: item.return_by.map(|d| d.to_string()),
            status: item.status.label(),
            status_code: item.status.code(),
            reserved_for: item
                .reserved_for
                .filter(|_| item.status == Status::Reserved)
                .map(org_link),
            handover: item.handover.as_ref().map(|h| {
                let (organization, organization_href) = org_link(h.organization);
                HandoverView {
                    date: h.date.to_string(),
                    protocol: h.protocol.clone(),
                    organization,
                    organization_href,
                }
            }),
            returned_on: item.returned_on.map(|d| d.to_string()),
            pending: item.state == crate::domain::RecordState::Pending,
            rejected: item
                .rejection
                .clone()
                .filter(|_| item.state == crate::domain::RecordState::Archived),
            history,
            ask_href: format!(
                "/zapytania/nowe?rodzaj={}&id={}",
                ListingKind::Equipment.code(),
                item.id.0
            ),
            api_href: format!("/api/v1/equipment/{}", item.slug),
            demo: item.demo,
            created: item.created,
            updated: item.updated,
            notice,
            problem: forms.problem,
            errors: forms.errors,
            can_edit: donor_side && item.editable().is_ok(),
            donor_side,
            is_staff,
            request_choices,
            justification: forms.justification,
            request_blocked,
            my_requests,
            requests: all_requests,
            can_cancel_reservation: donor_side && item.status == Status::Reserved,
            can_hand_over: donor_side && item.status == Status::Reserved,
            handover_date: if forms.handover_date.is_empty() {
                today.clone()
            } else {
                forms.handover_date
            },
            protocol: forms.protocol,
            can_record_return: donor_side
                && item.status == Status::HandedOver
                && item.mode == Mode::Loan,
            return_date: if forms.return_date.is_empty() {
                today.clone()
            } else {
                forms.return_date
            },
            can_make_available: donor_side && item.status == Status::Returned,
            reason_for: forms.reason_for,
            cancel_reason: forms.cancel_reason,
            may_be_asked_for: can_ask_now && !donor_side,
            signed_in: user.is_some(),
            pes_without_organization: user
                .is_some_and(|u| u.role == crate::domain::user::Role::Pes && asking.is_empty()),
            today,
        })
    }
}

/// Who does a step, as the item's history shows it: the organisation a representative acts
/// for, "pracownik urzędu", the donating organisation, or a private donor.
pub(super) fn actor(
    app: &App,
    user: &User,
    item: &EquipmentItem,
    acting_for: Option<OrgId>,
) -> Result<Actor, PageError> {
    let org = acting_for.or_else(|| {
        item.donor
            .organization()
            .filter(|o| !user.role.is_staff() && user.represents(*o))
    });
    let label = match org {
        Some(id) => app
            .store
            .organization(id)?
            .map(|o| o.name)
            .unwrap_or_else(|| "organizacja".to_string()),
        None if user.role.is_staff() => STAFF_ACTOR.to_string(),
        None if item.donor.is_private() => PRIVATE_ACTOR.to_string(),
        None => "darczyńca".to_string(),
    };
    Ok(Actor {
        user: Some(user.id),
        label,
    })
}

/// An e-mail to an account, unless the account was deleted.
pub(super) fn mail_to(user: &User, content: MailContent, purpose: &str) -> Option<OutgoingMail> {
    (!user.is_deleted())
        .then(|| OutgoingMail::new(user.email.clone(), content, purpose, crate::domain::now()))
}

/// Runs one step on the item in one transaction. On success the index is updated, the mail
/// sender woken and the browser sent back to the item with `notice`; a step that is not
/// possible now shows the item page again with the reason (409).
pub(super) fn step(
    app: &App,
    ctx: &Ctx,
    item: &EquipmentItem,
    notice: &str,
    change: impl FnOnce(&mut EquipmentChange, &EquipmentLookup) -> Result<(), &'static str>,
) -> PageResult {
    let user = ctx.user()?;
    match app.store.change_equipment(item.id, Some(user.id), change)? {
        None => Err(PageError::NotFound),
        Some(Ok(done)) => {
            app.reindex_equipment(&done.item);
            if !done.mails.is_empty() {
                app.wake_mail();
            }
            Ok(Response::redirect(
                303,
                &format!("/sprzet/{}?komunikat={notice}", done.item.slug),
            ))
        }
        Some(Err(problem)) => {
            let fresh = app.store.equipment(item.id)?.ok_or(PageError::NotFound)?;
            let forms = Forms {
                problem: Some(problem),
                ..Forms::default()
            };
            show_with(app, ctx, &fresh, 409, forms)
        }
    }
}

/// The donor side only: staff, the author, the donating organisation's representatives.
pub(super) fn donor_side_only(ctx: &Ctx, item: &EquipmentItem) -> Result<User, PageError> {
    let user = ctx.user()?;
    if !equipment::is_donor_side(user, item) {
        return Err(PageError::Forbidden);
    }
    Ok(user.clone())
}
