//! `/konto/oferty` ("Moje oferty"): a representative's organisations with their offers in every
//! state and the buttons to manage them; for staff, the offers they added and the way to the
//! moderation queue.

use serde::Serialize;

use super::offers::{actions, notice, publish_label, state_label};
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::RecordState;
use crate::domain::offer::Offer;
use crate::domain::user::Role;

#[derive(Serialize)]
struct Row {
    title: String,
    slug: String,
    href: String,
    state: &'static str,
    published: bool,
    price: String,
    category: String,
    updated: i64,
    rejection: Option<String>,
    can_publish: bool,
    can_archive: bool,
    can_restore: bool,
}

impl Row {
    fn new(offer: Offer) -> Row {
        let (can_publish, can_archive, can_restore) = actions(&offer);
        Row {
            href: format!("/oferty/{}", offer.slug),
            state: state_label(offer.state),
            published: offer.state == RecordState::Published,
            price: offer.price.text(),
            category: offer.category_label(),
            updated: offer.updated,
            rejection: offer
                .rejection
                .clone()
                .filter(|_| offer.state == RecordState::Draft),
            can_publish,
            can_archive,
            can_restore,
            title: offer.title,
            slug: offer.slug,
        }
    }
}

#[derive(Serialize)]
struct OrgGroup {
    name: String,
    href: String,
    new_href: String,
    /// Offers can be added only for a published organisation.
    published: bool,
    offers: Vec<Row>,
}

#[derive(Serialize)]
struct MineView {
    csrf: String,
    notice: Option<&'static str>,
    is_staff: bool,
    groups: Vec<OrgGroup>,
    authored: Vec<Row>,
    publish_label: &'static str,
    premoderation: bool,
}

/// `GET /konto/oferty` (PES representatives and staff)
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let is_staff = user.role.is_staff();
    if user.role != Role::Pes && !is_staff {
        return Err(PageError::Forbidden);
    }
    let mut groups = Vec::new();
    for org in app.store.organizations_by_ids(&user.organizations)? {
        let mut offers = app.store.offers_of_organization(org.id)?;
        offers.sort_by_key(|o| std::cmp::Reverse(o.updated));
        groups.push(OrgGroup {
            new_href: format!("/oferty/nowa?podmiot={}", org.slug),
            href: format!("/podmioty/{}", org.slug),
            published: org.state == RecordState::Published,
            name: org.name,
            offers: offers.into_iter().map(Row::new).collect(),
        });
    }
    let authored = if is_staff {
        let mut mine: Vec<Offer> = app
            .store
            .offers()?
            .into_iter()
            .filter(|o| o.author == Some(user.id))
            .collect();
        mine.sort_by_key(|o| std::cmp::Reverse(o.updated));
        mine.into_iter().map(Row::new).collect()
    } else {
        Vec::new()
    };
    let view = MineView {
        csrf: ctx.visitor.csrf_token(),
        notice: notice(ctx.query.get("stan")),
        is_staff,
        groups,
        authored,
        publish_label: publish_label(app, user),
        premoderation: app.settings().offers_premoderation,
    };
    render(app, ctx, "offers/mine.html", "Moje oferty", view)
}
