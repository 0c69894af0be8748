//! The administrator's settings form (`/admin/ustawienia`): the fields as typed, their checks,
//! and the settings record they become. Separate from [`Settings`] so that a form shown again
//! keeps exactly what was typed, and so that the stored SMTP password never leaves the server.

use serde::Serialize;

use super::settings::{
    AccessibilityDeclaration, OpenDataLicence, PrivacyNotice, Settings, SmtpSecurity, SmtpSettings,
};
use super::validate::{FieldErrors, is_email};

/// The statuses of the Polish accessibility declaration template.
pub const ACCESSIBILITY_STATUSES: [&str; 3] = ["zgodna", "częściowo zgodna", "niezgodna"];

/// SMTP connection security: (form code, kind).
pub const SMTP_SECURITY_CODES: [(&str, SmtpSecurity); 3] = [
    ("starttls", SmtpSecurity::StartTls),
    ("tls", SmtpSecurity::Tls),
    ("brak", SmtpSecurity::None),
];

/// Longest one-line text (names, addresses, hosts).
const MAX_LINE: usize = 200;
/// Longest multi-line text (declaration and notice paragraphs).
const MAX_TEXT: usize = 5000;

/// What the settings form carries. Field names are the form's field names.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SettingsInput {
    pub gmina_name: String,
    pub operator_name: String,
    pub operator_address: String,
    pub operator_email: String,
    pub operator_phone: String,
    pub a11y_status: String,
    pub a11y_published: String,
    pub a11y_updated: String,
    pub a11y_reviewed: String,
    pub a11y_contact_person: String,
    pub a11y_contact_email: String,
    pub a11y_contact_phone: String,
    pub a11y_non_accessible: String,
    pub a11y_architectural: String,
    pub privacy_controller: String,
    pub privacy_dpo_contact: String,
    pub privacy_purposes: String,
    pub privacy_retention: String,
    pub privacy_rights: String,
    /// "bez SMTP": messages wait in the outbox.
    pub no_smtp: bool,
    pub smtp_host: String,
    /// Empty: the usual port of the chosen security.
    pub smtp_port: String,
    pub smtp_security: String,
    pub smtp_user: String,
    /// Empty: keep the stored password. Never shown in the form.
    #[serde(skip)]
    pub smtp_password: String,
    /// Whether a password is stored (the form says so instead of showing it).
    pub smtp_password_stored: bool,
    pub smtp_sender_address: String,
    pub smtp_sender_name: String,
    /// Offers of PES representatives wait for staff approval.
    pub offers_premoderation: bool,
    /// The code of the open-data licence.
    pub open_data_licence: String,
}

impl SettingsInput {
    /// The form filled with the stored settings (the password left out).
    pub fn from_settings(s: &Settings) -> SettingsInput {
        let a = &s.accessibility;
        let p = &s.privacy;
        let smtp = s.smtp.as_ref();
        let text =
            |f: fn(&SmtpSettings) -> &str| smtp.map(|m| f(m).to_string()).unwrap_or_default();
        SettingsInput {
            gmina_name: s.gmina_name.clone(),
            operator_name: s.operator_name.clone(),
            operator_address: s.operator_address.clone(),
            operator_email: s.operator_email.clone(),
            operator_phone: s.operator_phone.clone(),
            a11y_status: a.status.clone(),
            a11y_published: a.published.to_string(),
            a11y_updated: a.updated.to_string(),
            a11y_reviewed: a.reviewed.to_string(),
            a11y_contact_person: a.contact_person.clone(),
            a11y_contact_email: a.contact_email.clone(),
            a11y_contact_phone: a.contact_phone.clone(),
            a11y_non_accessible: a.non_accessible_content.clone(),
            a11y_architectural: a.architectural.clone(),
            privacy_controller: p.controller.clone(),
            privacy_dpo_contact: p.dpo_contact.clone(),
            privacy_purposes: p.purposes.clone(),
            privacy_retention: p.retention.clone(),
            privacy_rights: p.rights.clone(),
            no_smtp: smtp.is_none(),
            smtp_host: text(|m| &m.host),
            smtp_port: smtp.map(|m| m.port.to_string()).unwrap_or_default(),
            smtp_security: security_code(smtp.map_or(SmtpSecurity::StartTls, |m| m.security))
                .to_string(),
            smtp_user: text(|m| &m.user),
            smtp_password: String::new(),
            smtp_password_stored: smtp.is_some_and(|m| !m.password.is_empty()),
            smtp_sender_address: text(|m| &m.sender_address),
            smtp_sender_name: text(|m| &m.sender_name),
            offers_premoderation: s.offers_premoderation,
            open_data_licence: s.open_data_licence.code().to_string(),
        }
    }

    /// Checks the form and builds the new settings from it and `current` (which keeps what the
    /// form does not show, and the SMTP password when the field was left empty).
    pub fn apply(&self, current: &Settings) -> Result<Settings, FieldErrors> {
        let mut e = FieldErrors::default();
        self.check_identity(&mut e);
        let dates = self.check_declaration(&mut e);
        self.check_privacy(&mut e);
        let licence = OpenDataLicence::from_code(&self.open_data_licence);
        if licence.is_none() {
            e.add("open_data_licence", "Wybierz licencję danych z listy.");
        }
        let smtp = if self.no_smtp {
            None
        } else {
            self.check_smtp(current, &mut e)
        };
        let (Some((published, updated, reviewed)), Some(licence), true) =
            (dates, licence, e.is_empty())
        else {
            return Err(e);
        };
        // Fields the form does not show (added later) keep their stored values.
        let mut next = current.clone();
        next.gmina_name = self.gmina_name.clone();
        next.operator_name = self.operator_name.clone();
        next.operator_address = self.operator_address.clone();
        next.operator_email = self.operator_email.clone();
        next.operator_phone = self.operator_phone.clone();
        next.accessibility = AccessibilityDeclaration {
            published,
            updated,
            reviewed,
            status: self.a11y_status.clone(),
            non_accessible_content: self.a11y_non_accessible.clone(),
            contact_person: self.a11y_contact_person.clone(),
            contact_email: self.a11y_contact_email.clone(),
            contact_phone: self.a11y_contact_phone.clone(),
            architectural: self.a11y_architectural.clone(),
        };
        next.privacy = PrivacyNotice {
            controller: self.privacy_controller.clone(),
            dpo_contact: self.privacy_dpo_contact.clone(),
            purposes: self.privacy_purposes.clone(),
            retention: self.privacy_retention.clone(),
            rights: self.privacy_rights.clone(),
        };
        next.smtp = smtp;
        next.offers_premoderation = self.offers_premoderation;
        next.open_data_licence = licence;
        Ok(next)
    }

    fn check_identity(&self, e: &mut FieldErrors) {
        line(
            e,
            "gmina_name",
            &self.gmina_name,
            true,
            "Podaj nazwę gminy.",
        );
        line(
            e,
            "operator_name",
            &self.operator_name,
            true,
            "Podaj nazwę urzędu, który prowadzi platformę.",
        );
        line(
            e,
            "operator_address",
            &self.operator_address,
            true,
            "Podaj adres urzędu.",
        );
        email(e, "operator_email", &self.operator_email);
        line(e, "operator_phone", &self.operator_phone, false, "");
    }

    fn check_declaration(
        &self,
        e: &mut FieldErrors,
    ) -> Option<(jiff::civil::Date, jiff::civil::Date, jiff::civil::Date)> {
        if !ACCESSIBILITY_STATUSES.contains(&self.a11y_status.as_str()) {
            e.add("a11y_status", "Wybierz stan zgodności z listy.");
        }
        let published = date(e, "a11y_published", &self.a11y_published);
        let updated = date(e, "a11y_updated", &self.a11y_updated);
        let reviewed = date(e, "a11y_reviewed", &self.a11y_reviewed);
        if let (Some(p), Some(u)) = (published, updated)
            && u < p
        {
            e.add(
                "a11y_updated",
                "Data aktualizacji nie może być wcześniejsza niż data publikacji.",
            );
        }
        line(
            e,
            "a11y_contact_person",
            &self.a11y_contact_person,
            true,
            "Podaj osobę do kontaktu w sprawie dostępności.",
        );
        email(e, "a11y_contact_email", &self.a11y_contact_email);
        line(
            e,
            "a11y_contact_phone",
            &self.a11y_contact_phone,
            true,
            "Podaj numer telefonu do kontaktu w sprawie dostępności.",
        );
        text(
            e,
            "a11y_non_accessible",
            &self.a11y_non_accessible,
            false,
            "",
        );
        text(
            e,
            "a11y_architectural",
            &self.a11y_architectural,
            true,
            "Opisz dostępność architektoniczną urzędu.",
        );
        Some((published?, updated?, reviewed?))
    }

    fn check_privacy(&self, e: &mut FieldErrors) {
        let required = "To pole jest wymagane w informacji o ochronie danych osobowych.";
        text(
            e,
            "privacy_controller",
            &self.privacy_controller,
            true,
            required,
        );
        text(
            e,
            "privacy_dpo_contact",
            &self.privacy_dpo_contact,
            true,
            required,
        );
        text(
            e,
            "privacy_purposes",
            &self.privacy_purposes,
            true,
            required,
        );
        text(
            e,
            "privacy_retention",
            &self.privacy_retention,
            true,
            required,
        );
        text(e, "privacy_rights", &self.privacy_rights, true, required);
    }

    fn check_smtp(&self, current: &Settings, e: &mut FieldErrors) -> Option<SmtpSettings> {
        let host = self.smtp_host.as_str();
        if host.is_empty() {
            e.add(
                "smtp_host",
                "Podaj adres serwera SMTP albo zaznacz „bez SMTP”.",
            );
        } else if host.len() > 253
            || host
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '/')
        {
            e.add(
                "smtp_host",
                "Podaj sam adres serwera, np. smtp.torun.example (bez spacji i „/”).",
            );
        }
        let security = SMTP_SECURITY_CODES
            .iter()
            .find(|(code, _)| *code == self.smtp_security)
            .map(|(_, s)| *s);
        if security.is_none() {
            e.add("smtp_security", "Wybierz rodzaj szyfrowania połączenia.");
        }
        let port = match self.smtp_port.as_str() {
            "" => security.map(SmtpSecurity::default_port),
            text => text.parse::<u16>().ok().filter(|p| *p > 0),
        };
        if port.is_none() && !self.smtp_port.is_empty() {
            e.add("smtp_port", "Port musi być liczbą od 1 do 65535.");
        }
        line(e, "smtp_user", &self.smtp_user, false, "");
        if self.smtp_password.chars().count() > MAX_LINE
            || self.smtp_password.chars().any(char::is_control)
        {
            e.add(
                "smtp_password",
                "Hasło może mieć najwyżej 200 znaków i nie może zawierać znaków sterujących.",
            );
        }
        email(e, "smtp_sender_address", &self.smtp_sender_address);
        line(e, "smtp_sender_name", &self.smtp_sender_name, false, "");
        let password = if self.smtp_password.is_empty() {
            current
                .smtp
                .as_ref()
                .map(|m| m.password.clone())
                .unwrap_or_default()
        } else {
            self.smtp_password.clone()
        };
        Some(SmtpSettings {
            host: host.to_string(),
            port: port?,
            security: security?,
            user: self.smtp_user.clone(),
            password,
            sender_address: self.smtp_sender_address.clone(),
            sender_name: self.smtp_sender_name.clone(),
        })
    }
}

/// The form code of a security kind.
pub fn security_code(security: SmtpSecurity) -> &'static str {
    SMTP_SECURITY_CODES
        .iter()
        .find(|(_, s)| *s == security)
        .map_or("starttls", |(code, _)| code)
}

/// A one-line text: no line breaks or control characters, at most `MAX_LINE` characters.
fn line(
    e: &mut FieldErrors,
    field: &'static str,
    value: &str,
    required: bool,
    missing: &'static str,
) {
    if value.chars().any(char::is_control) {
        e.add(
            field,
            "To pole nie może zawierać znaków nowego wiersza ani znaków sterujących.",
        );
    } else {
        text_length(e, field, value, required, missing, MAX_LINE);
    }
}

/// A multi-line text of at most `MAX_TEXT` characters.
fn text(
    e: &mut FieldErrors,
    field: &'static str,
    value: &str,
    required: bool,
    missing: &'static str,
) {
    text_length(e, field, value, required, missing, MAX_TEXT);
}

fn text_length(
    e: &mut FieldErrors,
    field: &'static str,
    value: &str,
    required: bool,
    missing: &'static str,
    max: usize,
) {
    let len = value.chars().count();
    if required && len == 0 {
        e.add(field, missing);
    } else if len > max {
        e.add(
            field,
            if max == MAX_LINE {
                "Ten tekst jest za długi (najwyżej 200 znaków)."
            } else {
                "Ten tekst jest za długi (najwyżej 5000 znaków)."
            },
        );
    }
}

fn email(e: &mut FieldErrors, field: &'static str, value: &str) {
    if !is_email(value) {
        e.add(
            field,
            "Podaj poprawny adres e-mail, np. sekretariat@gmina.example.",
        );
    }
}

fn date(e: &mut FieldErrors, field: &'static str, value: &str) -> Option<jiff::civil::Date> {
    let parsed = value
        .parse::<jiff::civil::Date>()
        .ok()
        .filter(|d| (2000..=2100).contains(&d.year()));
    if parsed.is_none() {
        e.add(field, "Podaj datę w formacie RRRR-MM-DD, np. 2026-11-27.");
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_smtp() -> Settings {
        Settings {
            smtp: Some(SmtpSettings {
                host: "smtp.torun.example".into(),
                port: 587,
                security: SmtpSecurity::StartTls,
                user: "pes".into(),
                password: "tajne".into(),
                sender_address: "pes@torun.example".into(),
                sender_name: "PES-TOR".into(),
            }),
            ..Settings::default()
        }
    }

    #[test]
    fn the_stored_settings_come_back_unchanged_through_the_form() {
        for settings in [Settings::default(), with_smtp()] {
            let input = SettingsInput::from_settings(&settings);
            assert_eq!(input.smtp_password, "");
            assert_eq!(input.apply(&settings), Ok(settings));
        }
    }

    #[test]
    fn an_empty_password_keeps_the_stored_one_and_a_new_one_replaces_it() {
        let current = with_smtp();
        let mut input = SettingsInput::from_settings(&current);
        assert!(input.smtp_password_stored);
        input.smtp_host = "poczta.torun.example".into();
        let saved = input.apply(&current).unwrap().smtp.unwrap();
        assert_eq!(
            (saved.host.as_str(), saved.password.as_str()),
            ("poczta.torun.example", "tajne")
        );
        input.smtp_password = "nowe hasło".into();
        assert_eq!(
            input.apply(&current).unwrap().smtp.unwrap().password,
            "nowe hasło"
        );
    }

    #[test]
    fn without_smtp_the_server_is_removed_and_its_fields_are_not_checked() {
        let mut input = SettingsInput::from_settings(&with_smtp());
        input.no_smtp = true;
        input.smtp_port = "abc".into();
        assert_eq!(input.apply(&with_smtp()).unwrap().smtp, None);
    }

    #[test]
    fn the_offers_premoderation_switch_is_saved() {
        let mut input = SettingsInput::from_settings(&Settings::default());
        assert!(!input.offers_premoderation);
        input.offers_premoderation = true;
        let saved = input.apply(&Settings::default()).unwrap();
        assert!(saved.offers_premoderation);
        assert!(SettingsInput::from_settings(&saved).offers_premoderation);
    }

    #[test]
    fn the_open_data_licence_is_chosen_from_the_list() {
        let mut input = SettingsInput::from_settings(&Settings::default());
        assert_eq!(input.open_data_licence, "cc-by-4.0");
        input.open_data_licence = "cc0-1.0".into();
        let saved = input.apply(&Settings::default()).unwrap();
        assert_eq!(saved.open_data_licence, OpenDataLicence::Cc0);
        input.open_data_licence = "gpl".into();
        let errors = input.apply(&Settings::default()).unwrap_err();
        assert_eq!(errors.get("open_data_licence").len(), 1);
    }

    #[test]
    fn an_empty_port_means_the_usual_one() {
        let mut input = SettingsInput::from_settings(&with_smtp());
        input.smtp_port = String::new();
        input.smtp_security = "tls".into();
        let smtp = input.apply(&with_smtp()).unwrap().smtp.unwrap();
        assert_eq!((smtp.port, smtp.security), (465, SmtpSecurity::Tls));
    }

    #[test]
    fn bad_fields_are_named() {
        let mut input = SettingsInput::from_settings(&with_smtp());
        input.gmina_name = String::new();
        input.operator_email = "urząd".into();
        input.a11y_status = "prawie zgodna".into();
        input.a11y_published = "27.11.2026".into();
        input.a11y_contact_email = "a@b".into();
        input.privacy_rights = String::new();
        input.smtp_port = "70000".into();
        input.smtp_security = "ssl".into();
        input.smtp_sender_name = "PES\r\nBcc: x@y.pl".into();
        let errors = input.apply(&with_smtp()).unwrap_err();
        for field in [
            "gmina_name",
            "operator_email",
            "a11y_status",
            "a11y_published",
            "a11y_contact_email",
            "privacy_rights",
            "smtp_port",
            "smtp_security",
            "smtp_sender_name",
        ] {
            assert!(!errors.get(field).is_empty(), "{field}");
        }
        assert_eq!(errors.iter().count(), 9);
    }

    #[test]
    fn port_zero_and_an_update_before_publication_are_refused() {
        let mut input = SettingsInput::from_settings(&with_smtp());
        input.smtp_port = "0".into();
        input.a11y_published = "2026-11-27".into();
        input.a11y_updated = "2026-11-26".into();
        let errors = input.apply(&with_smtp()).unwrap_err();
        assert!(!errors.get("smtp_port").is_empty());
        assert!(!errors.get("a11y_updated").is_empty());
    }
}
