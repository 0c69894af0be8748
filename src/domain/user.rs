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
    /// When the person deleted the account ([`User::anonymise`]); the record stays as a
    /// tombstone so that changelog entries keep pointing at an id.
    #[serde(default)]
    pub deleted: Option<Timestamp>,
}

/// The name a deleted account keeps (the audit log shows it instead of the person's name).
pub const DELETED_NAME: &str = "Konto usunięte";

/// The password hash of a deleted account. Not a PHC string, so no password matches it; the
/// log-in page treats a deleted account as an unknown address and never hashes against it.
pub const NO_PASSWORD_HASH: &str = "!konto-usuniete";

impl User {
    pub fn represents(&self, org: OrgId) -> bool {
        self.role == Role::Pes && self.organizations.contains(&org)
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted.is_some()
    }

    /// Deletes the account at the person's request (RODO art. 17): what identifies the person
    /// goes — address, name, password, represented organisations — and the id stays, so that
    /// what must remain public (changelog authors, the audit log) points at "Konto usunięte".
    /// The address becomes `usuniete-{id}@invalid`, which frees the old one for a new account
    /// and can never be registered (a domain without a dot fails e-mail validation).
    pub fn anonymise(&mut self, now: Timestamp) {
        self.email = format!("usuniete-{}@invalid", self.id.0);
        self.name = DELETED_NAME.to_string();
        self.password_hash = NO_PASSWORD_HASH.to_string();
        self.status = AccountStatus::Disabled;
        self.email_verified_at = None;
        self.organizations.clear();
        self.session_generation = self.session_generation.wrapping_add(1);
        self.deleted = Some(now);
        self.updated = now;
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

impl AccountStatus {
    pub const ALL: [AccountStatus; 4] = [
        AccountStatus::Unverified,
        AccountStatus::AwaitingApproval,
        AccountStatus::Active,
        AccountStatus::Disabled,
    ];

    /// Name for URLs (filters of the admin's account list).
    pub fn code(self) -> &'static str {
        match self {
            AccountStatus::Unverified => "niepotwierdzone",
            AccountStatus::AwaitingApproval => "do-zatwierdzenia",
            AccountStatus::Active => "aktywne",
            AccountStatus::Disabled => "wylaczone",
        }
    }

    pub fn from_code(code: &str) -> Option<AccountStatus> {
        AccountStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Polish label for the admin pages.
    pub fn label(self) -> &'static str {
        match self {
            AccountStatus::Unverified => "adres e-mail niepotwierdzony",
            AccountStatus::AwaitingApproval => "czeka na zatwierdzenie",
            AccountStatus::Active => "aktywne",
            AccountStatus::Disabled => "wyłączone",
        }
    }
}

/// What an administrator does to an account (`/admin/uzytkownicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountAction {
    /// A staff account that waits for approval starts working.
    Approve,
    /// A staff account that waits for approval is refused (the reason is e-mailed).
    Reject,
    /// An active account is switched off; its sessions end.
    Disable,
    /// A switched-off account works again.
    Enable,
}

impl AccountAction {
    /// Applies the action to `user`, done by the administrator `by` at `now`, or says in Polish
    /// why it cannot be done now.
    pub fn apply(self, user: &mut User, by: UserId, now: Timestamp) -> Result<(), &'static str> {
        use AccountStatus::{Active, AwaitingApproval, Disabled};
        if user.is_deleted() {
            return Err("To konto zostało usunięte na prośbę właściciela.");
        }
        let next = match self {
            AccountAction::Approve | AccountAction::Reject if user.status != AwaitingApproval => {
                return Err("To konto nie czeka na zatwierdzenie.");
            }
            AccountAction::Approve => Active,
            AccountAction::Reject => Disabled,
            AccountAction::Disable if user.id == by => {
                return Err("Nie możesz wyłączyć własnego konta.");
            }
            AccountAction::Disable if user.status != Active => {
                return Err("Wyłączyć można tylko aktywne konto.");
            }
            AccountAction::Disable => Disabled,
            AccountAction::Enable if user.status != Disabled => {
                return Err("To konto nie jest wyłączone.");
            }
            AccountAction::Enable => Active,
        };
        if next == Disabled {
            // Every session of the account ends at its next request.
            user.session_generation = user.session_generation.wrapping_add(1);
        }
        user.status = next;
        user.updated = now;
        Ok(())
    }
}

/// The longest reason for a rejection (it goes into an e-mail).
pub const MAX_REASON_CHARS: usize = 2000;

/// Checks the reason an administrator gives for rejecting an account (field `reason`).
pub fn validate_rejection_reason(reason: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let len = reason.trim().chars().count();
    if len == 0 {
        errors.add(
            "reason",
            "Podaj uzasadnienie — zostanie wysłane tej osobie e-mailem.",
        );
    } else if len > MAX_REASON_CHARS {
        errors.add("reason", "Uzasadnienie może mieć najwyżej 2000 znaków.");
    }
    errors
}

#[cfg(test)]
mod account_action_tests {
    use super::*;

    fn user(id: u64, status: AccountStatus) -> User {
        User {
            id: UserId(id),
            email: "a@example.pl".into(),
            name: "Anna".into(),
            role: Role::Staff,
            status,
            password_hash: String::new(),
            terms_accepted_at: 0,
            email_verified_at: None,
            organizations: Vec::new(),
            created: 0,
            updated: 0,
            session_generation: 3,
            deleted: None,
        }
    }

    #[test]
    fn status_codes_round_trip() {
        for status in AccountStatus::ALL {
            assert_eq!(AccountStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(AccountStatus::from_code("active"), None);
    }

    #[test]
    fn transitions_follow_the_rules() {
        use AccountAction::*;
        use AccountStatus::*;
        let admin = UserId(1);
        let cases = [
            (Approve, AwaitingApproval, Some(Active)),
            (Reject, AwaitingApproval, Some(Disabled)),
            (Approve, Active, None),
            (Reject, Unverified, None),
            (Disable, Active, Some(Disabled)),
            (Disable, AwaitingApproval, None),
            (Enable, Disabled, Some(Active)),
            (Enable, Active, None),
        ];
        for (action, from, to) in cases {
            let mut u = user(2, from);
            let outcome = action.apply(&mut u, admin, 50);
            match to {
                Some(status) => {
                    assert_eq!(outcome, Ok(()), "{action:?} from {from:?}");
                    assert_eq!((u.status, u.updated), (status, 50));
                    let bumped = if status == Disabled { 4 } else { 3 };
                    assert_eq!(u.session_generation, bumped, "{action:?}");
                }
                None => {
                    assert!(outcome.is_err(), "{action:?} from {from:?}");
                    assert_eq!((u.status, u.updated), (from, 0));
                }
            }
        }
    }

    #[test]
    fn a_deleted_account_stays_deleted() {
        let mut gone = user(2, AccountStatus::Active);
        gone.anonymise(7);
        assert!(
            AccountAction::Enable
                .apply(&mut gone, UserId(1), 9)
                .is_err()
        );
        assert_eq!(gone.status, AccountStatus::Disabled);
    }

    #[test]
    fn an_admin_cannot_disable_themself() {
        let mut me = user(1, AccountStatus::Active);
        assert_eq!(
            AccountAction::Disable.apply(&mut me, UserId(1), 5),
            Err("Nie możesz wyłączyć własnego konta.")
        );
        assert_eq!(me.status, AccountStatus::Active);
    }

    #[test]
    fn a_rejection_needs_a_reason_of_sensible_length() {
        assert!(!validate_rejection_reason("  ").get("reason").is_empty());
        assert!(validate_rejection_reason("Brak zatrudnienia w urzędzie.").is_empty());
        let long = "ż".repeat(MAX_REASON_CHARS + 1);
        assert!(!validate_rejection_reason(&long).get("reason").is_empty());
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

    #[test]
    fn anonymise_keeps_only_the_id_and_frees_the_address() {
        let mut user = User {
            id: UserId(42),
            email: "anna@example.pl".into(),
            name: "Anna Nowak".into(),
            role: Role::Pes,
            status: AccountStatus::Active,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            terms_accepted_at: 10,
            email_verified_at: Some(11),
            organizations: vec![OrgId(3), OrgId(4)],
            created: 10,
            updated: 12,
            session_generation: 2,
            deleted: None,
        };
        user.anonymise(99);
        assert_eq!(user.id, UserId(42));
        assert_eq!(user.email, "usuniete-42@invalid");
        assert!(!validate::is_email(&user.email), "can never be registered");
        assert_eq!(user.name, DELETED_NAME);
        assert_eq!(user.password_hash, NO_PASSWORD_HASH);
        assert_eq!(user.status, AccountStatus::Disabled);
        assert!(user.organizations.is_empty() && user.email_verified_at.is_none());
        assert_eq!((user.deleted, user.updated), (Some(99), 99));
        assert_eq!(user.session_generation, 3, "every session ends");
        assert!(user.is_deleted());
        // A deleted account stays deleted: an administrator cannot switch it back on.
        assert!(
            AccountAction::Enable
                .apply(&mut user, UserId(1), 100)
                .is_err()
        );
        assert_eq!(user.status, AccountStatus::Disabled);
    }

    #[test]
    fn records_written_before_deletion_existed_still_load() {
        #[derive(Serialize)]
        struct Old<'a> {
            id: UserId,
            email: &'a str,
            name: &'a str,
            role: Role,
            status: AccountStatus,
            password_hash: &'a str,
            terms_accepted_at: Timestamp,
            created: Timestamp,
            updated: Timestamp,
        }
        let old = Old {
            id: UserId(1),
            email: "a@example.pl",
            name: "Anna",
            role: Role::Resident,
            status: AccountStatus::Active,
            password_hash: "x",
            terms_accepted_at: 1,
            created: 1,
            updated: 1,
        };
        let bytes = rmp_serde::to_vec_named(&old).unwrap();
        let user: User = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(user.deleted, None);
        assert!(!user.is_deleted());
    }
}
