//! `/konto/sprzet` ("Mój sprzęt i wnioski"): the equipment a person added (or their
//! organisations give), where each item stands, and the requests of their organisations.

use serde::Serialize;

use super::equipment::organizations_of;
use super::{Ctx, PageResult, render};
use crate::app::App;
use crate::domain::RecordState;
use crate::domain::equipment::{self, EquipmentItem, EquipmentRequest, RequestStatus};

#[derive(Serialize)]
struct ItemLine {
    title: String,
    href: String,
    state: String,
    status: &'static str,
    open_requests: usize,
    created: i64,
    editable: bool,
}

#[derive(Serialize)]
struct RequestLine {
    id: u64,
    title: String,
    href: String,
    slug: String,
    organization: String,
    status: &'static str,
    open: bool,
    reason: String,
    created: i64,
}

#[derive(Serialize)]
struct AccountView {
    csrf: String,
    items: Vec<ItemLine>,
    requests: Vec<RequestLine>,
    is_pes: bool,
    can_add: bool,
}

/// `GET /konto/sprzet`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let mine: Vec<EquipmentItem> = app
        .store
        .equipment_items()?
        .into_iter()
        .filter(|i| {
            i.author == Some(user.id) || i.donor.organization().is_some_and(|o| user.represents(o))
        })
        .rev()
        .collect();
    let mut items = Vec::with_capacity(mine.len());
    for item in &mine {
        let open_requests = if item.is_public() {
            app.store
                .equipment_requests(item.id)?
                .iter()
                .filter(|r| r.status == RequestStatus::Open)
                .count()
        } else {
            0
        };
        let state = match item.state {
            RecordState::Pending => "czeka na akceptację urzędu".to_string(),
            RecordState::Archived => match &item.rejection {
                Some(reason) => format!("nie opublikowano: {reason}"),
                None => "nie opublikowano".to_string(),
            },
            _ => "opublikowany".to_string(),
        };
        items.push(ItemLine {
            title: item.title.clone(),
            href: format!("/sprzet/{}", item.slug),
            state,
            status: item.status.label(),
            open_requests,
            created: item.created,
            editable: item.editable().is_ok(),
        });
    }

    let mut requests: Vec<EquipmentRequest> = Vec::new();
    for org in equipment::requesting_organizations(user) {
        requests.extend(app.store.equipment_requests_of_organization(*org)?);
    }
    requests.sort_by(|a, b| b.created.cmp(&a.created).then(b.id.cmp(&a.id)));
    let ids: Vec<_> = requests.iter().map(|r| r.item).collect();
    let wanted = app.store.equipment_by_ids(&ids)?;
    let orgs = organizations_of(app, &[], &requests)?;
    let request_lines = requests
        .iter()
        .filter_map(|r| {
            let item = wanted.iter().find(|i| i.id == r.item)?;
            Some(RequestLine {
                id: r.id.0,
                title: item.title.clone(),
                href: format!("/sprzet/{}", item.slug),
                slug: item.slug.clone(),
                organization: super::equipment::org_name(&orgs, r.organization),
                status: r.status.label(),
                open: r.status == RequestStatus::Open,
                reason: r.reason.clone(),
                created: r.created,
            })
        })
        .collect();
    let view = AccountView {
        csrf: ctx.visitor.csrf_token(),
        items,
        requests: request_lines,
        is_pes: user.role == crate::domain::user::Role::Pes,
        can_add: equipment::donor_kind_for(user).is_some(),
    };
    render(
        app,
        ctx,
        "equipment/account.html",
        "Mój sprzęt i wnioski",
        view,
    )
}
