//! Accounts and mail settings written into a data directory before its server starts.

use pestor::domain::settings::{Settings, SmtpSecurity, SmtpSettings};
use pestor::domain::user::{AccountStatus, Role, User, UserId};

use pestor::store::Store;

use super::smtp::SmtpSink;
use super::{Options, TestServer};

/// An active, verified account with the given password hash (hash once per test: argon2 is
/// deliberately slow).
pub fn active_user(email: &str, role: Role, password_hash: &str) -> User {
    User {
        id: UserId(0),
        email: email.to_string(),
        name: format!("Osoba {email}"),
        role,
        status: AccountStatus::Active,
        password_hash: password_hash.to_string(),
        terms_accepted_at: 1,
        email_verified_at: Some(1),
        organizations: Vec::new(),
        created: 1,
        updated: 1,
        session_generation: 0,
        deleted: None,
    }
}

/// SMTP without encryption to a sink on loopback.
pub fn smtp_to_sink(sink: &SmtpSink) -> SmtpSettings {
    SmtpSettings {
        host: sink.addr.ip().to_string(),
        port: sink.addr.port(),
        security: SmtpSecurity::None,
        user: String::new(),
        password: String::new(),
        sender_address: "pes@torun.example".to_string(),
        sender_name: "Platforma PES-TOR".to_string(),
    }
}

/// Default settings whose mail goes to `sink`.
pub fn settings_with_sink(sink: &SmtpSink) -> Settings {
    Settings {
        smtp: Some(smtp_to_sink(sink)),
        ..Settings::default()
    }
}

/// A server on demo data (seeded at its first start) whose outgoing mail goes to `sink`.
pub fn demo_server_with_mail(sink: &SmtpSink) -> TestServer {
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open(data.path()).unwrap();
        store
            .save_settings(&settings_with_sink(sink), None)
            .unwrap();
    }
    TestServer::start_with(Options {
        data: Some(data),
        ..Options::default()
    })
}
