//! The "Zdjęcia" page of a record with photos (an offer, an equipment item): the photos in
//! order with their descriptions, and the forms that add, describe, move and remove them
//! (`photo_upload` reads them, the `manager` macro shows them). Each record kind says in an
//! [`Album`] who may change its photos and how its store writes the change.

use serde::Serialize;

use super::photo_upload::{
    PhotoAction, PhotoFields, PhotoManager, read_change, read_new, store_refusal,
};
use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::domain::photo::Photo;
use crate::domain::user::User;
use crate::store::{PhotoChange, StoreError};
use crate::web::http::Response;

/// A record whose photos the page manages.
pub trait Album: Sized {
    /// The record of the path, if the visitor may change its photos (403/404 otherwise).
    fn load(app: &App, ctx: &Ctx) -> Result<(Self, User), PageError>;
    fn title(&self) -> &str;
    /// The record's public page, e.g. "/oferty/catering".
    fn record_path(&self) -> String;
    fn photos(&self) -> &[Photo];
    /// Writes `change` with the record in one transaction, then updates what shows it.
    fn save(&self, app: &App, change: PhotoChange, user: &User) -> Result<(), StoreError>;
}

#[derive(Serialize)]
struct PageView {
    record_path: String,
    record_title: String,
    photos: PhotoManager,
}

fn action_of<A: Album>(record: &A) -> String {
    format!("{}/zdjecia", record.record_path())
}

fn show<A: Album>(
    app: &App,
    ctx: &Ctx,
    record: &A,
    status: u16,
    photos: PhotoManager,
) -> PageResult {
    let view = PageView {
        record_path: record.record_path(),
        record_title: record.title().to_string(),
        photos,
    };
    let title = format!("Zdjęcia: {}", record.title());
    render_status(app, ctx, status, "photos/page.html", &title, view)
}

/// What the redirect back says was done (`?zmiana=…`).
fn done_message(ctx: &Ctx) -> Option<&'static str> {
    match ctx.query.get("zmiana")? {
        "dodane" => Some("Zdjęcie zostało dodane."),
        "opis" => Some("Opis zdjęcia został zapisany."),
        "kolejnosc" => Some("Kolejność zdjęć została zmieniona."),
        "usuniete" => Some("Zdjęcie zostało usunięte."),
        _ => None,
    }
}

/// `GET {record}/zdjecia`
pub fn page<A: Album>(app: &App, ctx: &Ctx) -> PageResult {
    let (record, _) = A::load(app, ctx)?;
    let mut manager = PhotoManager::list(record.photos(), action_of(&record), ctx);
    if let Some(done) = done_message(ctx) {
        manager = manager.with_done(done);
    }
    show(app, ctx, &record, 200, manager)
}

/// `POST {record}/zdjecia` (multipart: `zdjecie`, `opis`)
pub fn add<A: Album>(app: &App, ctx: &Ctx) -> PageResult {
    let (record, user) = A::load(app, ctx)?;
    let change = match read_new(ctx, PhotoFields::STANDARD, record.photos()) {
        Ok(new) => PhotoChange::from(new),
        Err(errors) => {
            let manager = PhotoManager::list(record.photos(), action_of(&record), ctx)
                .with_errors(errors, ctx);
            return show(app, ctx, &record, 422, manager);
        }
    };
    save(app, &record, change, &user, "dodane")
}

/// `POST {record}/zdjecia/opis`, `…/kolejnosc`, `…/usun` (field `obraz`: the photo's image)
pub fn change<A: Album>(app: &App, ctx: &Ctx) -> PageResult {
    let (record, user) = A::load(app, ctx)?;
    let action = PhotoAction::from_path(&ctx.request.path)?;
    let change = match read_change(ctx, action) {
        Ok(change) => change,
        Err(refusal) => {
            let manager =
                PhotoManager::list(record.photos(), action_of(&record), ctx).with_refusal(&refusal);
            return show(app, ctx, &record, 422, manager);
        }
    };
    let done = match action {
        PhotoAction::Describe => "opis",
        PhotoAction::Move => "kolejnosc",
        PhotoAction::Remove => "usuniete",
    };
    save(app, &record, change, &user, done)
}

fn save<A: Album>(
    app: &App,
    record: &A,
    change: PhotoChange,
    user: &User,
    done: &str,
) -> PageResult {
    record.save(app, change, user).map_err(store_refusal)?;
    Ok(Response::redirect(
        303,
        &format!("{}?zmiana={done}", action_of(record)),
    ))
}
