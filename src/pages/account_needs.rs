//! `/konto/zapotrzebowanie`: "Moje potrzeby i odpowiedzi" — the needs a person manages (their
//! own, and the open ones of their side: the city's for staff, their organisations' for PES)
//! and the responses their organisations sent.

use std::collections::HashMap;

use serde::Serialize;

use super::needs::{days_left_note, deadline_text, may_post};
use super::{Ctx, PageResult, render};
use crate::app::App;
use crate::domain::need::{Need, NeedId, NeedStatus};
use crate::domain::user::Role;
use crate::text::format;

/// The most needs listed (staff see every open city need).
const MAX_NEEDS: usize = 200;

#[derive(Serialize)]
struct NeedLine {
    href: String,
    title: String,
    status: &'static str,
    status_code: &'static str,
    deadline: String,
    days_left: Option<String>,
    responses: usize,
    mine: bool,
}

#[derive(Serialize)]
struct ResponseLine {
    need_href: String,
    need_title: String,
    organization: String,
    price: Option<i64>,
    created: i64,
    state: &'static str,
}

#[derive(Serialize)]
struct AccountNeedsView {
    needs: Vec<NeedLine>,
    more_needs: usize,
    responses: Vec<ResponseLine>,
    can_post: bool,
    is_pes: bool,
    is_staff: bool,
}

/// `GET /konto/zapotrzebowanie`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let today = format::today();
    let mut managed: Vec<Need> = app
        .store
        .needs()?
        .into_iter()
        .filter(|n| {
            n.author == Some(user.id)
                || (n.on_author_side(user) && n.effective_status(today) != NeedStatus::Closed)
        })
        .collect();
    // Open first (nearest deadline first), then in progress, then closed (latest first).
    managed.sort_by(|a, b| {
        let rank = |n: &Need| match n.effective_status(today) {
            NeedStatus::Open => 0,
            NeedStatus::InProgress => 1,
            NeedStatus::Closed => 2,
        };
        rank(a)
            .cmp(&rank(b))
            .then_with(|| match rank(a) {
                0 => a.deadline.cmp(&b.deadline),
                _ => b.updated.cmp(&a.updated),
            })
            .then(a.id.cmp(&b.id))
    });
    let more_needs = managed.len().saturating_sub(MAX_NEEDS);
    managed.truncate(MAX_NEEDS);
    let ids: Vec<NeedId> = managed.iter().map(|n| n.id).collect();
    let counts = app.store.need_response_counts(&ids)?;
    let needs = managed
        .iter()
        .zip(counts)
        .map(|(need, responses)| {
            let status = need.effective_status(today);
            NeedLine {
                href: format!("/zapotrzebowanie/{}", need.slug),
                title: need.title.clone(),
                status: status.label(),
                status_code: status.code(),
                deadline: deadline_text(need),
                days_left: (status == NeedStatus::Open)
                    .then(|| days_left_note(need.days_left(today)))
                    .flatten(),
                responses,
                mine: need.author == Some(user.id),
            }
        })
        .collect();

    let represented: Vec<_> = user
        .organizations
        .iter()
        .copied()
        .filter(|o| user.represents(*o))
        .collect();
    let sent = app.store.need_responses_of_organizations(&represented)?;
    let need_ids: Vec<NeedId> = sent.iter().map(|r| r.need).collect();
    let answered: HashMap<NeedId, Need> = app
        .store
        .needs_by_ids(&need_ids)?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    let org_names: HashMap<_, _> = app
        .store
        .organizations_by_ids(&represented)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let responses = sent
        .iter()
        .filter_map(|r| {
            let need = answered.get(&r.need)?;
            let state = match (need.chosen, need.effective_status(today)) {
                (Some(chosen), _) if chosen == r.id => "wybrana",
                (Some(_), _) => "wybrano inną odpowiedź",
                (None, NeedStatus::Open) => "czeka na decyzję",
                (None, _) => "potrzeba zamknięta bez wyboru",
            };
            Some(ResponseLine {
                need_href: format!("/zapotrzebowanie/{}#odpowiedzi", need.slug),
                need_title: need.title.clone(),
                organization: org_names.get(&r.organization).cloned().unwrap_or_default(),
                price: r.price,
                created: r.created,
                state,
            })
        })
        .collect();
    let view = AccountNeedsView {
        needs,
        more_needs,
        responses,
        can_post: may_post(user),
        is_pes: user.role == Role::Pes,
        is_staff: user.role.is_staff(),
    };
    render(
        app,
        ctx,
        "needs/account.html",
        "Moje potrzeby i odpowiedzi",
        view,
    )
}
