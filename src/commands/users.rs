//! `pestor user add|list`: accounts from the command line — above all the first administrator
//! of a new instance (`pestor init`, then `pestor user add --role admin …`).
//!
//! Like every command, these open the database themselves, so they work only while no server
//! runs on the same data directory (the store refuses a locked file with a clear message).

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::Path;

use crate::auth;
use crate::domain::password_policy;
use crate::domain::user::{AccountStatus, Registration, Role, User, UserId, normalize_email};
use crate::domain::{self};
use crate::store::{Store, StoreError};
use crate::text::plural::plural;

/// `pestor user add`: an active account with a confirmed address. The password comes from the
/// terminal (asked twice, not shown) or, when standard input is not a terminal, from its first
/// line — so scripts can pipe it in without it appearing in the process list.
pub fn user_add(data_dir: &Path, role: Role, email: &str, name: &str) -> Result<(), String> {
    let email = normalize_email(email);
    let name = name.trim().to_string();
    check_name_and_email(&name, &email)?;
    let store = Store::open(data_dir).map_err(|e| e.to_string())?;
    if !store.is_initialised().map_err(|e| e.to_string())? {
        return Err(format!(
            "katalog {} nie zawiera zainicjowanej instancji; najpierw uruchom „pestor init --data {}”",
            data_dir.display(),
            data_dir.display()
        ));
    }
    if store
        .user_by_email(&email)
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Err(already_exists(&email));
    }
    let password = if std::io::stdin().is_terminal() {
        ask_twice()?
    } else {
        read_password_line(&mut std::io::stdin().lock())?
    };
    password_policy::check_new_password(&password, &email, &name)
        .map_err(|message| format!("{message} Nic nie zmieniono."))?;
    let password_hash = auth::hash_password(&password).map_err(|e| e.to_string())?;
    let now = domain::now();
    let user = User {
        id: UserId(0),
        email: email.clone(),
        name,
        role,
        status: AccountStatus::Active,
        password_hash,
        terms_accepted_at: now,
        email_verified_at: Some(now),
        organizations: Vec::new(),
        created: now,
        updated: now,
        session_generation: 0,
        deleted: None,
    };
    let user = match store.save_user(user, None) {
        Ok(user) => user,
        // Two runs cannot race (the first locks the database file); kept for completeness.
        Err(StoreError::Conflict { .. }) => return Err(already_exists(&email)),
        Err(e) => return Err(e.to_string()),
    };
    println!(
        "Utworzono konto: {} — {} ({}). Konto jest aktywne; można się zalogować.",
        user.email,
        user.name,
        role_name(user.role)
    );
    Ok(())
}

/// The same rules as the registration form (name 2–100 characters, a valid address).
fn check_name_and_email(name: &str, email: &str) -> Result<(), String> {
    let form = Registration {
        name: name.to_string(),
        email: email.to_string(),
        role: Some(Role::Resident),
        accepted_terms: true,
        ..Registration::default()
    };
    let errors = form.validate();
    let messages: Vec<&str> = ["name", "email"]
        .iter()
        .flat_map(|field| errors.get(field).iter().copied())
        .collect();
    if messages.is_empty() {
        Ok(())
    } else {
        Err(format!("{} Nic nie zmieniono.", messages.join(" ")))
    }
}

fn already_exists(email: &str) -> String {
    format!("konto z adresem {email} już istnieje; nic nie zmieniono")
}

/// `pestor user list`: every account with its address, role and state.
pub fn user_list(data_dir: &Path) -> Result<(), String> {
    let store = Store::open(data_dir).map_err(|e| e.to_string())?;
    let users = store.users().map_err(|e| e.to_string())?;
    if users.is_empty() {
        println!(
            "Brak kont. Pierwsze konto administratora: pestor user add --role admin --email … --name …"
        );
        return Ok(());
    }
    // Long addresses overflow the column rather than push every line far to the right.
    let width = users
        .iter()
        .map(|u| u.email.chars().count())
        .max()
        .unwrap_or(0)
        .clamp("E-MAIL".len(), 40);
    let mut out = std::io::stdout().lock();
    let mut write_all = || -> std::io::Result<()> {
        writeln!(out, "{:<width$}  {:<18}  STAN", "E-MAIL", "ROLA")?;
        for user in &users {
            let (email, role) = (&user.email, role_name(user.role));
            writeln!(out, "{email:<width$}  {role:<18}  {}", state_name(user))?;
        }
        let count = users.len() as u64;
        writeln!(
            out,
            "Razem: {count} {}.",
            plural(count, "konto", "konta", "kont")
        )
    };
    match write_all() {
        // `pestor user list | head` closes the pipe early; that is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("nie można wypisać listy: {e}"))
        }
        _ => Ok(()),
    }
}

pub(super) fn role_name(role: Role) -> &'static str {
    match role {
        Role::Admin => "administrator",
        Role::Staff => "pracownik urzędu",
        Role::Pes => "przedstawiciel PES",
        Role::Resident => "mieszkaniec",
    }
}

fn state_name(user: &User) -> &'static str {
    if user.is_deleted() {
        return "usunięte";
    }
    match user.status {
        AccountStatus::Unverified => "adres niepotwierdzony",
        AccountStatus::AwaitingApproval => "czeka na zatwierdzenie",
        AccountStatus::Active => "aktywne",
        AccountStatus::Disabled => "wyłączone",
    }
}

/// The first line of `input`, without its line ending (spaces are part of the password).
fn read_password_line(input: &mut impl BufRead) -> Result<String, String> {
    let mut line = String::new();
    // A line longer than any password the policy allows is cut, and then refused by it.
    input
        .take(auth::MAX_PASSWORD_BYTES as u64 + 2)
        .read_line(&mut line)
        .map_err(|e| format!("nie można odczytać hasła ze standardowego wejścia: {e}"))?;
    let password = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line);
    if password.is_empty() {
        return Err(
            "nie podano hasła (pierwszy wiersz standardowego wejścia); nic nie zmieniono"
                .to_string(),
        );
    }
    Ok(password.to_string())
}

fn ask_twice() -> Result<String, String> {
    let first = hidden::prompt("Hasło nowego konta (nie będzie widoczne): ")?;
    let second = hidden::prompt("Powtórz hasło: ")?;
    if first != second {
        return Err("hasła nie są takie same; nic nie zmieniono".to_string());
    }
    if first.is_empty() {
        return Err("nie podano hasła; nic nie zmieniono".to_string());
    }
    Ok(first)
}

/// Reading a line from the terminal without echo. `libc` is already a dependency (signals,
/// resource limits), and turning echo off takes three calls of it, so no crate is added for
/// this. If the person presses Ctrl+C meanwhile, a signal handler puts the terminal back before
/// the program ends, so the shell does not stay "blind".
mod hidden {
    use std::io::{BufRead, Read, Write};
    use std::sync::OnceLock;

    /// The terminal settings to put back (set before echo is turned off).
    static SAVED: OnceLock<libc::termios> = OnceLock::new();

    extern "C" fn restore_and_exit(signal: libc::c_int) {
        if let Some(settings) = SAVED.get() {
            // SAFETY: tcsetattr and _exit are async-signal-safe; `settings` is initialised.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, settings);
            }
        }
        eprintln_safe();
        // SAFETY: ends the process at once, as the default action of the signal would.
        unsafe { libc::_exit(128 + signal) }
    }

    /// A line break after the prompt, written with `write(2)` (async-signal-safe).
    fn eprintln_safe() {
        // SAFETY: writes one byte from a static buffer to standard error.
        unsafe {
            libc::write(libc::STDERR_FILENO, b"\n".as_ptr().cast(), 1);
        }
    }

    const STOP_SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    pub fn prompt(text: &str) -> Result<String, String> {
        let mut stderr = std::io::stderr();
        let _ = write!(stderr, "{text}");
        let _ = stderr.flush();
        let fd = libc::STDIN_FILENO;
        // SAFETY: termios is plain data; tcgetattr fills it for the terminal on fd 0.
        let original = unsafe {
            let mut settings: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(fd, &mut settings) != 0 {
                return Err(format!(
                    "nie można odczytać ustawień terminala: {}",
                    std::io::Error::last_os_error()
                ));
            }
            settings
        };
        let original = *SAVED.get_or_init(|| original);
        let mut quiet = original;
        quiet.c_lflag &= !libc::ECHO;
        quiet.c_lflag |= libc::ECHONL;
        // SAFETY: installs a handler that only calls async-signal-safe functions, then changes
        // the terminal flags of fd 0.
        unsafe {
            for signal in STOP_SIGNALS {
                libc::signal(
                    signal,
                    restore_and_exit as extern "C" fn(libc::c_int) as libc::sighandler_t,
                );
            }
            libc::tcsetattr(fd, libc::TCSANOW, &quiet);
        }
        let mut line = String::new();
        let read = std::io::stdin()
            .lock()
            .take(crate::auth::MAX_PASSWORD_BYTES as u64 + 2)
            .read_line(&mut line);
        // SAFETY: puts back the settings read above and the default signal actions.
        unsafe {
            libc::tcsetattr(fd, libc::TCSANOW, &original);
            for signal in STOP_SIGNALS {
                libc::signal(signal, libc::SIG_DFL);
            }
        }
        read.map_err(|e| format!("nie można odczytać hasła: {e}"))?;
        let password = line.trim_end_matches(['\n', '\r']);
        Ok(password.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_the_first_line_without_its_ending() {
        let mut input = "zielony rower nad Wisłą \r\nreszta\n".as_bytes();
        assert_eq!(
            read_password_line(&mut input).unwrap(),
            "zielony rower nad Wisłą "
        );
        let mut last = "bez końca wiersza".as_bytes();
        assert_eq!(read_password_line(&mut last).unwrap(), "bez końca wiersza");
        let mut empty = "\n".as_bytes();
        assert!(read_password_line(&mut empty).is_err());
        let mut nothing = "".as_bytes();
        assert!(read_password_line(&mut nothing).is_err());
    }

    #[test]
    fn name_and_address_follow_the_registration_rules() {
        assert!(check_name_and_email("Anna Nowak", "anna@example.pl").is_ok());
        let bad = check_name_and_email("A", "nie-adres").unwrap_err();
        assert!(bad.contains("imię i nazwisko"), "{bad}");
        assert!(bad.contains("adres e-mail"), "{bad}");
        assert!(bad.ends_with("Nic nie zmieniono."));
    }
}
