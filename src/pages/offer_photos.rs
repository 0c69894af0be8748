//! The photos of an offer (`/oferty/{slug}/zdjecia`): whoever may edit the offer — a
//! representative of its organisation or staff — manages them. See `record_photos`.

use super::offer_edit::managed_offer;
use super::record_photos::Album;
use super::{Ctx, PageError};
use crate::app::App;
use crate::domain::offer::Offer;
use crate::domain::photo::Photo;
use crate::domain::user::User;
use crate::store::{PhotoChange, StoreError};

impl Album for Offer {
    fn load(app: &App, ctx: &Ctx) -> Result<(Offer, User), PageError> {
        managed_offer(app, ctx)
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn record_path(&self) -> String {
        format!("/oferty/{}", self.slug)
    }

    fn photos(&self) -> &[Photo] {
        &self.photos
    }

    fn save(&self, app: &App, change: PhotoChange, user: &User) -> Result<(), StoreError> {
        let offer = app
            .store
            .change_offer_photos(self.id, change, Some(user.id))?;
        app.reindex_offer(&offer);
        Ok(())
    }
}
