//! What the `pestor` subcommands do: serve, prepare an empty instance, write demo data, and
//! manage accounts from the command line (`users.rs`).

mod demo_seed;
pub mod kiosk_demo;
mod map;
mod need_expiry;
mod replica;
mod snapshot;
mod users;

pub use map::{map_import, map_remove, map_status};
pub use snapshot::{compact, snapshot_export, snapshot_restore, snapshot_verify};
pub use users::{user_add, user_list};

use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;

use crate::app::App;
use crate::config::ServeConfig;
use crate::demo;
use crate::jobs::Periodic;
use crate::mail::sender::{MailSender, SenderOptions};
use crate::store::Store;
use crate::web::edge::{Edge, EdgeConfig};
use demo_seed::seed_demo;

/// How often the server looks whether the morning digests are due.
const DIGEST_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// `pestor serve`: open the store (seeding demo data on the very first start), build the
/// application, listen, and run until SIGINT or SIGTERM.
pub fn serve(config: ServeConfig) -> Result<(), String> {
    // Block the stop signals in every thread, so that only `wait_for_stop_signal` sees them.
    let signals = block_stop_signals();
    let started = std::time::Instant::now();
    let store = Store::open(&config.data_dir).map_err(|e| e.to_string())?;
    if config.replica.is_some() {
        replica::check_data_dir(&store, &config.data_dir)?;
    } else {
        replica::refuse_replica_data(&store, &config.data_dir)?;
    }
    let seeded = if config.replica.is_some() {
        // A replica receives its data from the primary and writes nothing of its own.
        0
    } else if !store.is_initialised().map_err(|e| e.to_string())? {
        let count = if config.seed_demo {
            seed_demo(&store, demo::DEFAULT_ORGANIZATIONS)?.0
        } else {
            0
        };
        store.mark_initialised().map_err(|e| e.to_string())?;
        count
    } else {
        0
    };
    let listener = TcpListener::bind(&config.addr)
        .map_err(|e| format!("nie można nasłuchiwać na {}: {e}", config.addr))?;
    let mut config = config;
    if config.public_url.is_empty() {
        let local = listener
            .local_addr()
            .map_err(|e| format!("nie można odczytać adresu nasłuchu: {e}"))?;
        config.public_url = format!("http://{local}");
    }
    let app = Arc::new(App::new(store, config.clone())?);
    release_startup_memory();
    let edge_config = EdgeConfig {
        workers: config.workers,
        idle_timeout: std::time::Duration::from_secs(config.idle_timeout_secs),
        ..EdgeConfig::default()
    };
    // A replica sends no mail, queues no digests and closes no needs: it only pulls.
    let chores = if app.replica.is_some() {
        Chores::Replica(replica::start_pulls(app.clone())?)
    } else {
        Chores::Primary(PrimaryChores::start(&app)?)
    };
    let edge = Edge::start(listener, edge_config, app.clone())
        .map_err(|e| format!("nie można uruchomić serwera: {e}"))?;
    let local_channel = match app.local_channel.write(edge.local_addr()) {
        Ok(written) => written,
        Err(e) => {
            log::error!("kanał lokalny dla poleceń pestor snapshot: {e}");
            false
        }
    };
    print_banner(&app, &edge, seeded, started.elapsed());
    if !local_channel {
        println!(
            "  polecenia „pestor snapshot” nie połączą się z tym serwerem (nasłuchuje poza adresem 127.0.0.1)"
        );
    }
    wait_for_stop_signal(&signals);
    println!("Zatrzymywanie serwera…");
    edge.shutdown();
    app.local_channel.remove();
    match chores {
        Chores::Primary(primary) => primary.stop(&app),
        Chores::Replica(pulls) => pulls.stop(),
    }
    drop(app);
    println!("Serwer zatrzymany, baza zamknięta.");
    Ok(())
}

/// The background work of a running server.
enum Chores {
    Primary(PrimaryChores),
    /// A read-only replica pulls the primary's changes.
    Replica(replica::Pulls),
}

/// What a platform of its own does besides answering pages.
struct PrimaryChores {
    mail: MailSender,
    digests: Periodic,
    expiry: Periodic,
    snapshots: crate::snapshot::Schedule,
}

impl PrimaryChores {
    fn start(app: &Arc<App>) -> Result<PrimaryChores, String> {
        let mail = MailSender::start(
            app.clone(),
            app.mail_wakeup.clone(),
            SenderOptions::default(),
        )
        .map_err(|e| format!("nie można uruchomić wysyłki poczty: {e}"))?;
        let digest_app = app.clone();
        let digests = Periodic::start("digests", DIGEST_CHECK_EVERY, move || {
            digest_app.send_due_digests()
        })
        .map_err(|e| format!("nie można uruchomić zestawień nowości: {e}"))?;
        need_expiry::sweep_and_log(app);
        let expiry_app = app.clone();
        let expiry = Periodic::start("need-expiry", need_expiry::INTERVAL, move || {
            need_expiry::sweep_and_log(&expiry_app)
        })
        .map_err(|e| format!("nie można uruchomić zamykania potrzeb po terminie: {e}"))?;
        let snapshots = crate::snapshot::Schedule::start(app.clone()).map_err(|e| {
            format!("nie można uruchomić kopii zapasowych według harmonogramu: {e}")
        })?;
        Ok(PrimaryChores {
            mail,
            digests,
            expiry,
            snapshots,
        })
    }

    /// Stops the chores, then takes the snapshot of a clean shutdown (when scheduled).
    fn stop(self, app: &App) {
        self.digests.stop();
        self.expiry.stop();
        self.mail.stop();
        self.snapshots.stop();
        app.backups.at_shutdown(&app.store);
    }
}

/// Building the indexes decodes every record once; the allocator keeps those freed buffers
/// unless asked to give them back, and the server would carry them for its whole life.
fn release_startup_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the system; no pointer is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn print_banner(app: &App, edge: &Edge, seeded: usize, startup: std::time::Duration) {
    let count = match app.organizations.read() {
        Ok(index) => index.len(),
        Err(poisoned) => poisoned.into_inner().len(),
    };
    println!("PES-TOR działa: http://{}/", edge.local_addr());
    println!("  katalog danych: {}", app.config.data_dir.display());
    println!(
        "  podmiotów w bazie: {count}; start w {} ms",
        startup.as_millis()
    );
    if seeded > 0 {
        println!("  pierwszy start: wczytano dane demonstracyjne ({seeded} organizacji)");
    }
    if app.demo_loaded() {
        println!("  UWAGA: to dane demonstracyjne — nie są prawdziwymi danymi organizacji.");
    }
    if seeded > 0 || app.demo_loaded() {
        print_demo_logins(app);
    }
    if let Some(replica) = &app.replica {
        println!(
            "  replika tylko do odczytu serwera {} (zmiany co {} s)",
            replica.primary(),
            replica.pull_every().as_secs()
        );
    }
    println!("  zatrzymanie: Ctrl+C");
}

/// One demo log-in per role, for those demo accounts that still exist and can log in.
fn print_demo_logins(app: &App) {
    let usable: Vec<_> = demo::accounts::LOGINS
        .iter()
        .filter(|login| {
            app.store
                .user_by_email(login.email)
                .ok()
                .flatten()
                .is_some_and(|u| u.status == crate::domain::user::AccountStatus::Active)
        })
        .collect();
    if usable.is_empty() {
        return;
    }
    println!("  konta demonstracyjne (adres e-mail / hasło):");
    for login in usable {
        println!(
            "    {:<20} {} / {}",
            format!("{}:", users::role_name(login.role)),
            login.email,
            login.password
        );
    }
}

/// `pestor init`: create an empty instance without demo data.
pub fn init(data_dir: &Path) -> Result<(), String> {
    let store = Store::open(data_dir).map_err(|e| e.to_string())?;
    if store.is_initialised().map_err(|e| e.to_string())? {
        return Err(format!(
            "katalog {} zawiera już zainicjowaną instancję; nic nie zmieniono",
            data_dir.display()
        ));
    }
    store.mark_initialised().map_err(|e| e.to_string())?;
    println!("Utworzono pustą instancję w {}", data_dir.display());
    Ok(())
}

/// `pestor demo --scale N`: fill an empty data directory with `scale` generated organisations.
pub fn write_demo(data_dir: &Path, scale: usize) -> Result<(), String> {
    if !(1..=1_000_000).contains(&scale) {
        return Err("--scale musi być liczbą od 1 do 1 000 000".to_string());
    }
    let store = Store::open(data_dir).map_err(|e| e.to_string())?;
    if store.organization_count().map_err(|e| e.to_string())? > 0 {
        return Err(format!(
            "katalog {} zawiera już dane; dane demonstracyjne zapisuje się tylko do pustego katalogu",
            data_dir.display()
        ));
    }
    let (count, accounts) = seed_demo(&store, scale)?;
    store.mark_initialised().map_err(|e| e.to_string())?;
    println!(
        "Zapisano {count} organizacji demonstracyjnych i {accounts} {} w {}",
        crate::text::plural::plural(
            accounts as u64,
            "konto demonstracyjne",
            "konta demonstracyjne",
            "kont demonstracyjnych"
        ),
        data_dir.display()
    );
    Ok(())
}

/// The set {SIGINT, SIGTERM}, blocked in the calling thread and every thread it starts later.
fn block_stop_signals() -> libc::sigset_t {
    // SAFETY: sigset_t is plain data; the calls only fill it and change this thread's mask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        set
    }
}

fn wait_for_stop_signal(set: &libc::sigset_t) {
    let mut signal = 0;
    // SAFETY: `set` was initialised by `block_stop_signals`; sigwait only writes `signal`.
    unsafe {
        libc::sigwait(set, &mut signal);
    }
}
