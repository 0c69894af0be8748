//! Read-only replicas (kiosks) as the city server knows them: a name an administrator gave, the
//! hash of the token the replica proves itself with, and what it last said when it pulled
//! (DESIGN §8). The replica's own side of the story is in `snapshot::replica_pull`.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::user::UserId;
use super::validate::FieldErrors;
use crate::text::plural::plural;

/// Longest name of a replica, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// A replica that has not pulled for this long is flagged in the panel (seconds).
pub const SILENT_AFTER: i64 = 60 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ReplicaId(pub u64);

/// A registered replica.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replica {
    pub id: ReplicaId,
    /// Where it stands, e.g. "Kiosk w holu urzędu".
    pub name: String,
    /// SHA-256 of its token as lower-case hex; the token itself is shown once and never stored.
    pub token_hash: String,
    pub created: Timestamp,
    /// The administrator who registered it.
    #[serde(default)]
    pub author: Option<UserId>,
    /// The last pull, if it ever pulled.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// When an administrator withdrew its token; a revoked replica is refused.
    #[serde(default)]
    pub revoked: Option<Timestamp>,
}

/// What the city server learnt at a replica's last pull.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub time: Timestamp,
    /// The changelog position the replica said it holds (`None` before it held any data).
    pub position: Option<u64>,
    /// The address the pull came from.
    pub address: String,
}

impl Replica {
    /// A new registration named `name` for the token whose hash is `token_hash`.
    pub fn new(name: String, token_hash: String, author: Option<UserId>, now: Timestamp) -> Self {
        Replica {
            id: ReplicaId(0),
            name,
            token_hash,
            created: now,
            author,
            contact: None,
            revoked: None,
        }
    }

    pub fn is_active(&self) -> bool {
        self.revoked.is_none()
    }

    /// How many changelog entries the replica lacks of the city server's `position`, by what it
    /// said at its last pull (`None` when it has not confirmed holding any data yet).
    pub fn entries_behind(&self, position: u64) -> Option<u64> {
        let held = self.contact.as_ref()?.position?;
        Some(position.saturating_sub(held))
    }

    /// Whether an active replica has been silent for longer than [`SILENT_AFTER`]: since its
    /// last pull, or since it was registered when it never pulled.
    pub fn is_silent(&self, now: Timestamp) -> bool {
        let since = self.contact.as_ref().map_or(self.created, |c| c.time);
        self.is_active() && now - since > SILENT_AFTER
    }
}

/// Checks the name an administrator typed and returns it trimmed.
pub fn validate_name(raw: &str) -> Result<String, FieldErrors> {
    let name = raw.trim();
    let mut errors = FieldErrors::default();
    if name.is_empty() {
        errors.add(
            "name",
            "Podaj nazwę repliki, np. „Kiosk w holu urzędu”, żeby było wiadomo, gdzie stoi.",
        );
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.add("name", "Nazwa repliki może mieć najwyżej 80 znaków.");
    } else if name.chars().any(char::is_control) {
        errors.add(
            "name",
            "Nazwa repliki nie może zawierać znaków sterujących (np. tabulatora).",
        );
    }
    if errors.is_empty() {
        Ok(name.to_string())
    } else {
        Err(errors)
    }
}

/// "przed chwilą", "3 minuty temu", "godzinę temu", "5 dni temu": how long ago something
/// happened, `seconds` before now.
pub fn ago(seconds: i64) -> String {
    let seconds = seconds.max(0) as u64;
    let (n, forms) = match seconds {
        0..60 => return "przed chwilą".to_string(),
        60..3600 => (seconds / 60, ("minutę", "minuty", "minut")),
        3600..86_400 => (seconds / 3600, ("godzinę", "godziny", "godzin")),
        _ => (seconds / 86_400, ("dzień", "dni", "dni")),
    };
    if n == 1 {
        return format!("{} temu", forms.0);
    }
    format!("{n} {} temu", plural(n, forms.0, forms.1, forms.2))
}

/// "na bieżąco", "1 zmiana do pobrania", "12 zmian do pobrania".
pub fn lag_text(entries: u64) -> String {
    if entries == 0 {
        return "na bieżąco".to_string();
    }
    format!(
        "{} {} do pobrania",
        crate::text::format::integer(entries as i64),
        plural(entries, "zmiana", "zmiany", "zmian")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replica() -> Replica {
        Replica::new("Kiosk".into(), "00".repeat(32), None, 1_000)
    }

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(validate_name("  Kiosk w holu  ").unwrap(), "Kiosk w holu");
        for bad in ["", "   ", "a\tb", &"ż".repeat(81)] {
            let errors = validate_name(bad).unwrap_err();
            assert_eq!(errors.get("name").len(), 1, "{bad:?}");
        }
        assert!(validate_name(&"ż".repeat(80)).is_ok());
    }

    #[test]
    fn lag_counts_what_the_replica_confirmed_holding() {
        let mut r = replica();
        assert_eq!(r.entries_behind(50), None);
        r.contact = Some(Contact {
            time: 2_000,
            position: Some(40),
            address: "192.0.2.7".into(),
        });
        assert_eq!(r.entries_behind(50), Some(10));
        assert_eq!(r.entries_behind(40), Some(0));
        // A primary restored to an older state is "ahead" of nobody: no negative lag.
        assert_eq!(r.entries_behind(30), Some(0));
    }

    #[test]
    fn silence_counts_from_the_last_pull_or_the_registration() {
        let mut r = replica();
        assert!(!r.is_silent(1_000 + SILENT_AFTER));
        assert!(r.is_silent(1_001 + SILENT_AFTER));
        r.contact = Some(Contact {
            time: 5_000,
            position: None,
            address: String::new(),
        });
        assert!(!r.is_silent(5_000 + SILENT_AFTER));
        r.revoked = Some(6_000);
        assert!(
            !r.is_silent(100_000),
            "a revoked replica is expected to be silent"
        );
    }

    #[test]
    fn times_and_lag_are_said_in_polish() {
        assert_eq!(ago(-5), "przed chwilą");
        assert_eq!(ago(59), "przed chwilą");
        assert_eq!(ago(60), "minutę temu");
        assert_eq!(ago(3 * 60), "3 minuty temu");
        assert_eq!(ago(12 * 60), "12 minut temu");
        assert_eq!(ago(22 * 60), "22 minuty temu");
        assert_eq!(ago(3600), "godzinę temu");
        assert_eq!(ago(5 * 3600), "5 godzin temu");
        assert_eq!(ago(86_400), "dzień temu");
        assert_eq!(ago(3 * 86_400), "3 dni temu");
        assert_eq!(lag_text(0), "na bieżąco");
        assert_eq!(lag_text(1), "1 zmiana do pobrania");
        assert_eq!(lag_text(3), "3 zmiany do pobrania");
        assert_eq!(lag_text(1234), "1\u{a0}234 zmiany do pobrania");
        assert_eq!(lag_text(1235), "1\u{a0}235 zmian do pobrania");
    }
}
