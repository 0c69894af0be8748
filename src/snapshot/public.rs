//! What a public copy (a replica's snapshot or delta) may hold of an entry. Public tables are
//! copied as they are, with one exception: the site settings carry the log-in of the outgoing
//! mail server, which a kiosk in a hall must never hold. A replica sends no mail anyway.

use std::borrow::Cow;

use crate::domain::settings::Settings;

/// The settings table, the one whose entries are rewritten.
const SETTINGS_TABLE: &str = "settings_v1";

/// The value of an entry of `table` as a public copy carries it.
pub(crate) fn public_value<'a>(table: &str, value: &'a [u8]) -> Cow<'a, [u8]> {
    if table != SETTINGS_TABLE {
        return Cow::Borrowed(value);
    }
    // Settings that cannot be read cannot be cleaned either: the defaults go out instead, never
    // bytes that might hold a password.
    let mut settings: Settings = rmp_serde::from_slice(value).unwrap_or_default();
    settings.smtp = None;
    match rmp_serde::to_vec_named(&settings) {
        Ok(bytes) => Cow::Owned(bytes),
        Err(e) => {
            log::error!("settings for a public copy: {e}");
            Cow::Owned(Vec::new())
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::settings::{SmtpSecurity, SmtpSettings};

    /// Settings holding a mail server password ("tajne-haslo-poczty") that public copies must
    /// never carry.
    pub(in crate::snapshot) fn settings_with_mail_password() -> Settings {
        Settings {
            gmina_name: "Gmina Chełmża".into(),
            smtp: Some(SmtpSettings {
                host: "smtp.example".into(),
                port: 587,
                security: SmtpSecurity::StartTls,
                user: "pes".into(),
                password: "tajne-haslo-poczty".into(),
                sender_address: "pes@chelmza.example".into(),
                sender_name: "PES".into(),
            }),
            ..Settings::default()
        }
    }

    #[test]
    fn the_mail_server_log_in_never_leaves_in_a_public_copy() {
        let settings = settings_with_mail_password();
        let bytes = rmp_serde::to_vec_named(&settings).unwrap();
        let public = public_value(SETTINGS_TABLE, &bytes);
        assert!(
            !public
                .windows(b"tajne-haslo-poczty".len())
                .any(|w| w == b"tajne-haslo-poczty")
        );
        let back: Settings = rmp_serde::from_slice(&public).unwrap();
        assert_eq!(back.gmina_name, "Gmina Chełmża");
        assert_eq!(back.smtp, None);
        // Unreadable settings go out as the defaults; other tables pass unchanged.
        let garbage = public_value(SETTINGS_TABLE, b"tajne-haslo-poczty");
        let back: Settings = rmp_serde::from_slice(&garbage).unwrap();
        assert_eq!(back, Settings::default());
        assert_eq!(&*public_value("organizations_v1", b"abc"), b"abc");
    }
}
