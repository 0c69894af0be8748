//! The photos of an equipment item (`/sprzet/{slug}/zdjecia`): the donor side — the author,
//! representatives of the donating organisation, staff — manages them. See `record_photos`.

use super::equipment_item::{donor_side_only, visible_item};
use super::record_photos::Album;
use super::{Ctx, PageError};
use crate::app::App;
use crate::domain::equipment::EquipmentItem;
use crate::domain::photo::Photo;
use crate::domain::user::User;
use crate::store::{PhotoChange, StoreError};

impl Album for EquipmentItem {
    fn load(app: &App, ctx: &Ctx) -> Result<(EquipmentItem, User), PageError> {
        let item = visible_item(app, ctx)?;
        let user = donor_side_only(ctx, &item)?;
        Ok((item, user))
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn record_path(&self) -> String {
        format!("/sprzet/{}", self.slug)
    }

    fn photos(&self) -> &[Photo] {
        &self.photos
    }

    fn save(&self, app: &App, change: PhotoChange, user: &User) -> Result<(), StoreError> {
        let item = app
            .store
            .change_equipment_photos(self.id, change, Some(user.id))?;
        app.reindex_equipment(&item);
        Ok(())
    }
}
