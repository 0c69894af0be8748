//! A need's page (`/zapotrzebowanie/{slug}`), and what the forms on it share. The page shows
//! the responses only to the need's author side and to the responding organisations; everyone
//! else sees how many there are.

use std::collections::HashMap;

use serde::Serialize;

use super::needs::{days_left_note, deadline_text, requester_label};
use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::domain::need::{Need, NeedResponse, NeedStatus};
use crate::domain::need_input::ResponseInput;
use crate::domain::offer_category;
use crate::domain::organization::{OrgId, Organization};
use crate::domain::user::{Role, User};
use crate::domain::validate::FieldErrors;
use crate::text::format;

/// The need named by the `{slug}` of the path.
pub(super) fn need_of(app: &App, ctx: &Ctx) -> Result<Need, PageError> {
    app.store
        .need_by_slug(ctx.param("slug"))?
        .ok_or(PageError::NotFound)
}

/// `GET /zapotrzebowanie/{slug}`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let need = need_of(app, ctx)?;
    render_need(app, ctx, &need, NeedForms::default(), 200)
}

/// What the forms on a need's page hold when it is shown again after a refused submission.
#[derive(Default)]
pub(super) struct NeedForms {
    pub response: ResponseInput,
    pub response_errors: FieldErrors,
    pub outcome: String,
    pub close_errors: FieldErrors,
    /// Why the last action could not be done (the need changed meanwhile).
    pub problem: Option<String>,
}

/// The organisations `user` may answer `need` for: those they represent, other than the
/// need's own, that have not answered yet. Empty when the need takes no responses now, and for
/// the need's own author side (nobody answers their own need).
pub(super) fn respondable(
    user: &User,
    need: &Need,
    responses: &[NeedResponse],
    today: jiff::civil::Date,
) -> Vec<OrgId> {
    if need.on_author_side(user) {
        return Vec::new();
    }
    user.organizations
        .iter()
        .copied()
        .filter(|org| user.represents(*org))
        .filter(|org| need.check_response(*org, today).is_ok())
        .filter(|org| !responses.iter().any(|r| r.organization == *org))
        .collect()
}

/// The need's page with its forms; `status` is 200, or 422/409 when a form is shown again.
pub(super) fn render_need(
    app: &App,
    ctx: &Ctx,
    need: &Need,
    forms: NeedForms,
    status: u16,
) -> PageResult {
    let today = format::today();
    let responses = app.store.need_responses(need.id)?;
    let user = ctx.visitor.user.as_ref();
    let author_side = user.is_some_and(|u| need.on_author_side(u));
    let effective = need.effective_status(today);
    let mut org_ids: Vec<OrgId> = responses.iter().map(|r| r.organization).collect();
    org_ids.extend(need.requester.organization());
    if let Some(u) = user {
        org_ids.extend(u.organizations.iter().copied());
    }
    let orgs: HashMap<OrgId, Organization> = app
        .store
        .organizations_by_ids(&org_ids)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let visible: Vec<ResponseLine> = responses
        .iter()
        .filter(|r| author_side || user.is_some_and(|u| u.represents(r.organization)))
        .map(|r| ResponseLine {
            id: r.id.0,
            organization: orgs
                .get(&r.organization)
                .map(|o| o.name.clone())
                .unwrap_or_else(|| "Organizacja usunięta z bazy".to_string()),
            organization_href: orgs
                .get(&r.organization)
                .map(|o| format!("/podmioty/{}", o.slug))
                .unwrap_or_default(),
            text: paragraphs(&r.text),
            price: r.price,
            created: r.created,
            attachment_href: r.attachment.map(|_| {
                format!(
                    "/zapotrzebowanie/{}/odpowiedzi/{}/zalacznik",
                    need.slug, r.id.0
                )
            }),
            chosen: need.chosen == Some(r.id),
            can_choose: author_side && effective == NeedStatus::Open,
            can_withdraw: need.status == NeedStatus::Open
                && user.is_some_and(|u| u.represents(r.organization)),
        })
        .collect();
    let respondable = user
        .map(|u| respondable(u, need, &responses, today))
        .unwrap_or_default();
    let respond = (!respondable.is_empty()).then(|| {
        let chosen = forms.response.organization.clone();
        RespondForm {
            single: (respondable.len() == 1)
                .then(|| orgs.get(&respondable[0]).map(|o| o.name.clone()))
                .flatten(),
            organizations: respondable
                .iter()
                .map(|id| Choice {
                    code: id.0.to_string(),
                    label: orgs.get(id).map(|o| o.name.clone()).unwrap_or_default(),
                    selected: chosen == id.0.to_string(),
                })
                .collect(),
            first: respondable[0].0.to_string(),
            text: forms.response.text.clone(),
            price: forms.response.price.clone(),
            errors: forms.response_errors.clone(),
        }
    });
    // A representative who may answer for no organisation (and has not answered already) is
    // told why; so is a visitor who is not signed in.
    let without_organization = user.is_some_and(|u| {
        u.role == Role::Pes && !author_side && !u.organizations.iter().any(|o| u.represents(*o))
    });
    let respond_note = match (respond.is_some(), effective, user) {
        (false, NeedStatus::Open, None) => Some(RespondNote::SignIn),
        (false, NeedStatus::Open, Some(_)) if without_organization => {
            Some(RespondNote::NoOrganization)
        }
        _ => None,
    };
    let requester_org = need.requester.organization().and_then(|id| orgs.get(&id));
    let notice = ctx.query.get("stan").and_then(notice_text);
    let view = NeedView {
        csrf: ctx.visitor.csrf_token(),
        slug: need.slug.clone(),
        title: need.title.clone(),
        status: effective.label(),
        status_code: effective.code(),
        expired_open: need.status == NeedStatus::Open && need.is_expired(today),
        who: match requester_org {
            Some(org) => org.name.clone(),
            None => requester_label(need, &orgs),
        },
        who_href: requester_org.map(|o| format!("/podmioty/{}", o.slug)),
        who_kind: need.requester.kind().label(),
        category: offer_category::path_label(&need.category),
        category_href: format!(
            "/zapotrzebowanie?kategoria={}&status=wszystkie",
            need.category
        ),
        scope: need.scope.clone(),
        place: need.place.clone(),
        value: need.estimated_value,
        deadline: deadline_text(need),
        deadline_iso: need.deadline.to_string(),
        days_left: (effective == NeedStatus::Open)
            .then(|| days_left_note(need.days_left(today)))
            .flatten(),
        description: paragraphs(&need.description),
        outcome: paragraphs(&need.outcome),
        closed_at: need.closed_at,
        created: need.created,
        updated: need.updated,
        demo: need.demo,
        responses_count: responses.len(),
        ask_href: format!(
            "/zapytania/nowe?rodzaj={}&id={}",
            crate::domain::listing::ListingKind::Need.code(),
            need.id.0
        ),
        api_href: format!("/api/v1/needs/{}", need.slug),
        author_side,
        can_edit: author_side && need.check_edit().is_ok(),
        can_close: author_side && need.status != NeedStatus::Closed,
        responses: visible,
        respond,
        respond_note,
        outcome_input: forms.outcome,
        close_errors: forms.close_errors,
        notice,
        problem: forms.problem,
        login_href: format!(
            "/konto/logowanie?dalej={}",
            url::form_urlencoded::byte_serialize(
                format!("/zapotrzebowanie/{}", need.slug).as_bytes()
            )
            .collect::<String>()
        ),
    };
    render_status(app, ctx, status, "needs/show.html", &need.title, view)
}

/// The confirmations shown after an action (`?stan=…`).
fn notice_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "dodana" => {
            "Potrzeba została opublikowana. Podmioty ekonomii społecznej mogą już na nią odpowiadać."
        }
        "zapisana" => "Zmiany zostały zapisane.",
        "odpowiedz-wyslana" => {
            "Odpowiedź została wysłana. Zgłaszający dostał powiadomienie e-mailem."
        }
        "odpowiedz-wycofana" => "Odpowiedź została wycofana.",
        "wybrano" => {
            "Odpowiedź została wybrana, a potrzeba jest w realizacji. Organizacje, które odpowiedziały, dostaną wiadomość e-mail."
        }
        "zamknieta" => "Potrzeba została zamknięta.",
        _ => return None,
    })
}

/// Text split into paragraphs at blank lines (single line breaks stay inside a paragraph).
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[derive(Serialize)]
struct NeedView {
    csrf: String,
    slug: String,
    title: String,
    status: &'static str,
    status_code: &'static str,
    /// Open in the record but past its deadline (the sweep has not closed it yet).
    expired_open: bool,
    who: String,
    who_href: Option<String>,
    who_kind: &'static str,
    category: String,
    category_href: String,
    scope: String,
    place: String,
    value: Option<i64>,
    deadline: String,
    deadline_iso: String,
    days_left: Option<String>,
    description: Vec<String>,
    outcome: Vec<String>,
    closed_at: Option<i64>,
    created: i64,
    updated: i64,
    demo: bool,
    responses_count: usize,
    ask_href: String,
    api_href: String,
    author_side: bool,
    can_edit: bool,
    can_close: bool,
    responses: Vec<ResponseLine>,
    respond: Option<RespondForm>,
    respond_note: Option<RespondNote>,
    outcome_input: String,
    close_errors: FieldErrors,
    notice: Option<&'static str>,
    problem: Option<String>,
    login_href: String,
}

/// Why a visitor sees no response form on an open need.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
enum RespondNote {
    /// Not signed in.
    SignIn,
    /// A PES representative without an organisation that may answer.
    NoOrganization,
}

#[derive(Serialize)]
struct ResponseLine {
    id: u64,
    organization: String,
    organization_href: String,
    text: Vec<String>,
    price: Option<i64>,
    created: i64,
    attachment_href: Option<String>,
    chosen: bool,
    can_choose: bool,
    can_withdraw: bool,
}

#[derive(Serialize)]
struct RespondForm {
    /// The organisation's name when the person may answer for exactly one.
    single: Option<String>,
    organizations: Vec<Choice>,
    /// The id of the first organisation (sent as a hidden field when there is one).
    first: String,
    text: String,
    price: String,
    errors: FieldErrors,
}

#[derive(Serialize)]
pub(super) struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(
            paragraphs("Pierwszy.\nciąg dalszy\n\n\n Drugi. \n\n"),
            vec!["Pierwszy.\nciąg dalszy".to_string(), "Drugi.".to_string()]
        );
        assert!(paragraphs("  ").is_empty());
    }
}
