//! `pestor serve --replica-of URL --token T`: the data directory checks that keep a replica and
//! a platform of its own apart, and the periodic pull that keeps a replica current.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::app::App;
use crate::jobs::Periodic;
use crate::snapshot::WORK_DIR;
use crate::snapshot::replica_pull::{PullError, Pulled, Puller};
use crate::store::Store;
use crate::text::plural::plural;

/// Refuses to turn a platform of its own into a replica: the first pull would replace its data
/// with the primary's public copy (and its accounts would be of no use any more).
pub(super) fn check_data_dir(store: &Store, data_dir: &Path) -> Result<(), String> {
    if store
        .replica_position()
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(());
    }
    let accounts = store.users().map_err(|e| e.to_string())?.len() as u64;
    if accounts == 0 && !store.is_initialised().map_err(|e| e.to_string())? {
        return Ok(());
    }
    let held = if accounts > 0 {
        format!(
            " z {accounts} {}",
            plural(accounts, "kontem", "kontami", "kontami")
        )
    } else {
        String::new()
    };
    Err(format!(
        "katalog danych {} zawiera samodzielną instancję PES-TOR{held}; replika zastąpiłaby jej dane kopią z serwera miasta. Nic nie zmieniono. Uruchom replikę z nowym, pustym katalogiem danych (--data), a tę instancję — bez --replica-of.",
        data_dir.display()
    ))
}

/// Refuses to serve a replica's data directory as a platform of its own: it holds no accounts
/// and no private data, only a copy of another server's public pages.
pub(super) fn refuse_replica_data(store: &Store, data_dir: &Path) -> Result<(), String> {
    match store.replica_position().map_err(|e| e.to_string())? {
        None => Ok(()),
        Some(_) => Err(format!(
            "katalog danych {} zawiera replikę tylko do odczytu innego serwera; uruchom ją z --replica-of ADRES --token KLUCZ. Samodzielną instancję odtwarza się z pełnej kopii zapasowej (pestor snapshot restore), nie z repliki.",
            data_dir.display()
        )),
    }
}

/// The running pulls of a replica.
pub(super) struct Pulls {
    job: Periodic,
    stopping: Arc<AtomicBool>,
}

impl Pulls {
    /// Stops pulling; a snapshot download in progress gives up rather than hold the stop.
    pub(super) fn stop(self) {
        self.stopping.store(true, Ordering::Relaxed);
        self.job.stop();
    }
}

/// Starts the periodic pull: at once, then every `--pull-every` (less often while the primary
/// keeps failing).
pub(super) fn start_pulls(app: Arc<App>) -> Result<Pulls, String> {
    let Some(source) = app.config.replica.clone() else {
        return Err("brak adresu serwera miasta (--replica-of)".to_string());
    };
    let puller = Puller::new(
        &source.url,
        &source.token,
        &app.config.data_dir.join(WORK_DIR),
    );
    let stopping = puller.stop_flag();
    let job = Periodic::start("replica-pull", source.pull_every, move || {
        pull(&app, &puller)
    })
    .map_err(|e| format!("nie można uruchomić pobierania zmian z serwera miasta: {e}"))?;
    Ok(Pulls { job, stopping })
}

/// One pull: the data, then the indexes built again when it changed. A failure leaves the
/// last good data in place and is logged; the status shown on the pages follows.
fn pull(app: &App, puller: &Puller) {
    let Some(status) = &app.replica else {
        return;
    };
    if !status.due(Instant::now()) {
        return;
    }
    match puller.pull(&app.store) {
        Ok(pulled) => {
            // The data is committed: pages read it from the store already.
            if let Some(since) = status.succeeded(pulled.as_of()) {
                log::info!(
                    "replika: połączenie z serwerem miasta przywrócone (przerwa od {})",
                    crate::text::format::date_time(since)
                );
            }
            log_pulled(&pulled);
            if pulled.changed()
                && let Err(e) = app.reload()
            {
                log::error!("replika: nie można odbudować indeksów po pobraniu danych: {e}");
            }
        }
        Err(e) => {
            let wait = status.failed(crate::domain::now(), Instant::now());
            let next = format!("kolejna próba za {} s", wait.as_secs());
            match e {
                PullError::Refused => log::error!("replika: {e}; {next}"),
                _ => log::warn!("replika: {e}; pokazuję ostatnio pobrane dane, {next}"),
            }
        }
    }
}

fn log_pulled(pulled: &Pulled) {
    match pulled {
        Pulled::Snapshot {
            entries,
            position,
            reason,
            ..
        } => {
            let why = reason
                .as_deref()
                .map_or_else(|| "pierwsze pobranie".to_string(), str::to_string);
            log::info!(
                "replika: wczytano pełną kopię publicznych danych serwera miasta ({why}): {entries} {}, pozycja {position}",
                plural(*entries, "wpis", "wpisy", "wpisów")
            );
        }
        Pulled::Deltas { ops, position, .. } if *ops > 0 => {
            log::info!(
                "replika: zastosowano {ops} {}, pozycja {position}",
                plural(*ops as u64, "zmianę", "zmiany", "zmian")
            );
        }
        Pulled::Deltas { .. } => {}
    }
}
