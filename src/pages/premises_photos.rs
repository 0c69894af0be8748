//! The photos of premises (`/lokale/{slug}/zdjecia`): staff manage them. See `record_photos`.

use super::premises_page::visible_premises;
use super::record_photos::Album;
use super::{Ctx, PageError};
use crate::app::App;
use crate::domain::photo::Photo;
use crate::domain::premises::Premises;
use crate::domain::user::User;
use crate::store::{PhotoChange, StoreError};

impl Album for Premises {
    fn load(app: &App, ctx: &Ctx) -> Result<(Premises, User), PageError> {
        let user = ctx.user()?;
        if !user.role.is_staff() {
            return Err(PageError::Forbidden);
        }
        let premises = visible_premises(app, ctx)?;
        Ok((premises, user.clone()))
    }

    fn title(&self) -> &str {
        &self.address.street
    }

    fn record_path(&self) -> String {
        format!("/lokale/{}", self.slug)
    }

    fn photos(&self) -> &[Photo] {
        &self.photos
    }

    fn save(&self, app: &App, change: PhotoChange, user: &User) -> Result<(), StoreError> {
        let premises = app
            .store
            .change_premises_photos(self.id, change, Some(user.id))?;
        app.reindex_premises(&premises);
        Ok(())
    }
}
