//! The logo of an organisation, on its edit page: upload (replacing the current logo), new
//! alternative text, removal. Whoever may edit the profile may change the logo (a
//! representative of the organisation, or staff); the image and the record are written in one
//! transaction (`Store::change_organization_logo`).

use super::organization_edit::{edit_page, editable};
use super::photo_upload::{
    PhotoAction, PhotoFields, PhotoManager, read_change, read_new, store_refusal,
};
use super::{Ctx, PageResult};
use crate::app::App;
use crate::domain::organization::Organization;
use crate::store::PhotoChange;
use crate::web::http::Response;

/// The logo section of `org`'s edit page.
pub(super) fn manager(org: &Organization, ctx: &Ctx) -> PhotoManager {
    PhotoManager::single(
        org.logo.as_ref(),
        format!("/podmioty/{}/logo", org.slug),
        ctx,
    )
}

/// What the redirect back to the edit page says was done (`?logo=…`).
pub(super) fn done_message(ctx: &Ctx) -> Option<&'static str> {
    match ctx.query.get("logo")? {
        "zapisane" => Some("Logo zostało zapisane."),
        "opis" => Some("Opis logo został zapisany."),
        "usuniete" => Some("Logo zostało usunięte."),
        _ => None,
    }
}

/// `POST /podmioty/{slug}/logo` (multipart: `zdjecie`, `opis`)
pub fn upload(app: &App, ctx: &Ctx) -> PageResult {
    let (org, user) = editable(app, ctx)?;
    // A new logo replaces the current one, so there is always room for it.
    let new = match read_new(ctx, PhotoFields::STANDARD, &[]) {
        Ok(new) => new,
        Err(errors) => {
            let logo = manager(&org, ctx).with_errors(errors, ctx);
            return edit_page(app, ctx, &org, &user, 422, logo);
        }
    };
    save(app, org, PhotoChange::from(new), user.id.0, "zapisane")
}

/// `POST /podmioty/{slug}/logo/opis` and `POST /podmioty/{slug}/logo/usun` (field `obraz`:
/// the logo's image id, so that a form left open after the logo was replaced changes nothing)
pub fn change(app: &App, ctx: &Ctx) -> PageResult {
    let (org, user) = editable(app, ctx)?;
    let action = PhotoAction::from_path(&ctx.request.path)?;
    let change = match read_change(ctx, action) {
        Ok(change) => change,
        Err(refusal) => {
            let logo = manager(&org, ctx).with_refusal(&refusal);
            return edit_page(app, ctx, &org, &user, 422, logo);
        }
    };
    let done = match change {
        PhotoChange::Remove(_) => "usuniete",
        _ => "opis",
    };
    save(app, org, change, user.id.0, done)
}

fn save(app: &App, org: Organization, change: PhotoChange, author: u64, done: &str) -> PageResult {
    let org = app
        .store
        .change_organization_logo(org.id, change, Some(author))
        .map_err(store_refusal)?;
    app.reindex(&org);
    Ok(Response::redirect(
        303,
        &format!("/podmioty/{}/edycja?logo={done}#logo", org.slug),
    ))
}
