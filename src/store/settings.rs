//! The site settings record.

use super::changelog::{self, ChangeOp};
use super::codec::{decode, encode};
use super::tables::SETTINGS;
use super::{Store, StoreError};
use crate::domain::settings::Settings;

const KEY: &str = "site";

impl Store {
    /// The stored settings, or the defaults when none were saved yet.
    pub fn settings(&self) -> Result<Settings, StoreError> {
        let txn = self.read("reading settings")?;
        let table = txn
            .open_table(SETTINGS)
            .map_err(StoreError::db("opening settings"))?;
        let value = table.get(KEY).map_err(StoreError::db("reading settings"))?;
        match value {
            Some(v) => decode(v.value(), "settings"),
            None => Ok(Settings::default()),
        }
    }

    pub fn save_settings(
        &self,
        settings: &Settings,
        author: Option<u64>,
    ) -> Result<(), StoreError> {
        self.write("saving settings", |txn| {
            let mut table = txn
                .open_table(SETTINGS)
                .map_err(StoreError::db("opening settings"))?;
            table
                .insert(KEY, encode(settings, "settings")?.as_slice())
                .map_err(StoreError::db("writing settings"))?;
            drop(table);
            changelog::record(txn, "settings_v1", 0, ChangeOp::Update, author)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_until_saved_then_the_saved_value() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.settings().unwrap(), Settings::default());
        let changed = Settings {
            gmina_name: "Gmina Chełmża".to_string(),
            ..Settings::default()
        };
        store.save_settings(&changed, None).unwrap();
        assert_eq!(store.settings().unwrap().gmina_name, "Gmina Chełmża");
        assert_eq!(store.changelog_position().unwrap(), 1);
    }
}
