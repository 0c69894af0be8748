//! Accounts: who a person is on the platform and what they may do.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::organization::OrgId;
use super::validate::{self, FieldErrors};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UserId(pub u64);

/// What an account may do (DESIGN §4). Staff and admins are city hall employees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Resident,
    Pes,
    Staff,
    Admin,
}

impl Role {
    /// Roles a person may choose when registering (admins are made with `pestor user add`).
    pub const REGISTRABLE: &'static [Role] = &[Role::Resident, Role::Pes, Role::Staff];

    pub fn code(self) -> &'static str {
        match self {
            Role::Resident => "mieszkaniec",
            Role::Pes => "pes",
            Role::Staff => "urzad",
            Role::Admin => "administrator",
        }
    }

    /// The account types of the original platform.
    pub fn label(self) -> &'static str {
        match self {
            Role::Resident => "Osoba fizyczna (mieszkaniec, firma)",
            Role::Pes => "Przedstawiciel podmiotu ekonomii społecznej",
            Role::Staff => "Pracownik urzędu (administracja lokalna)",
            Role::Admin => "Administrator platformy",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        [Role::Resident, Role::Pes, Role::Staff, Role::Admin]
            .into_iter()
            .find(|r| r.code() == code)
    }

    /// Staff work (moderation, city records) is open to staff and admins.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }
}

/// Where an account stands. Only `Active` accounts can log in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountStatus {
    /// Registered; the e-mail address is not confirmed yet.
    Unverified,
    /// E-mail confirmed; a staff account waits for an administrator.
    AwaitingApproval,
    Active,
    /// Rejected or switched off by an administrator.
    Disabled,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    /// Lower-cased; unique.
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: AccountStatus,
    /// argon2id PHC string.
    pub password_hash: String,
    /// When the person accepted the terms and the privacy notice.
    pub terms_accepted_at: Timestamp,
    #[serde(default)]
    pub email_verified_at: Option<Timestamp>,
    /// Organisations this person represents (approved claims).
    #[serde(default)]
    pub organizations: Vec<OrgId>,
    pub created: Timestamp,
    pub updated: Timestamp,
    /// Raised by "log out everywhere" and password changes: older sessions stop working.
    #[serde(default)]
    pub session_generation: u32,
}

impl User {
    pub fn represents(&self, org: OrgId) -> bool {
        self.role == Role::Pes && self.organizations.contains(&org)
    }
}

/// Normalises an e-mail address for storage and look-up.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// What a registration form carries.
#[derive(Debug, Clone, Default)]
pub struct Registration {
    pub name: String,
    pub email: String,
    pub password: String,
    pub password_repeat: String,
    pub role: Option<Role>,
    pub accepted_terms: bool,
}

impl Registration {
    /// Checks the form; the password policy is checked separately by the caller.
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let name_len = self.name.trim().chars().count();
        if name_len < 2 {
            errors.add("name", "Podaj imię i nazwisko (co najmniej 2 znaki).");
        } else if name_len > 100 {
            errors.add("name", "Imię i nazwisko może mieć najwyżej 100 znaków.");
        }
        if !validate::is_email(self.email.trim()) {
            errors.add(
                "email",
                "Podaj poprawny adres e-mail, np. jan.kowalski@example.pl.",
            );
        }
        if self.password != self.password_repeat {
            errors.add("password_repeat", "Hasła nie są takie same.");
        }
        match self.role {
            Some(role) if Role::REGISTRABLE.contains(&role) => {}
            _ => errors.add("role", "Wybierz rodzaj konta."),
        }
        if !self.accepted_terms {
            errors.add(
                "terms",
                "Aby założyć konto, zaakceptuj regulamin i zasady ochrony danych.",
            );
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip() {
        for role in [Role::Resident, Role::Pes, Role::Staff, Role::Admin] {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert!(!Role::REGISTRABLE.contains(&Role::Admin));
    }

    #[test]
    fn registration_needs_every_field() {
        let empty = Registration::default().validate();
        for field in ["name", "email", "role", "terms"] {
            assert!(!empty.get(field).is_empty(), "{field}");
        }
        let good = Registration {
            name: "Anna Nowak".into(),
            email: "anna@example.pl".into(),
            password: "długie hasło do konta".into(),
            password_repeat: "długie hasło do konta".into(),
            role: Some(Role::Pes),
            accepted_terms: true,
        };
        assert!(good.validate().is_empty());
        let admin = Registration {
            role: Some(Role::Admin),
            ..good.clone()
        };
        assert!(!admin.validate().get("role").is_empty());
        assert_eq!(normalize_email("  Anna@Example.PL "), "anna@example.pl");
    }
}
