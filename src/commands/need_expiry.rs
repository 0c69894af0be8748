//! Closing needs whose deadline has passed: once when the server starts, then every quarter of
//! an hour on a small thread of its own that ends when the server stops.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::app::App;
use crate::domain::mail::OutgoingMail;
use crate::mail::messages::{self, MailSite};
use crate::store::StoreError;
use crate::text::format;

/// How often the thread looks for expired needs.
pub const INTERVAL: Duration = Duration::from_secs(15 * 60);

/// Closes every open need past its deadline (one transaction, a mail to each author), updates
/// the search index and wakes the mail sender. Returns how many needs were closed.
pub fn sweep(app: &App) -> Result<usize, StoreError> {
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    let now = crate::domain::now();
    let closed =
        app.store
            .close_expired_needs(format::today(), now, |need, author, responses| {
                let content = messages::needs::expired(
                    &site,
                    &author.name,
                    &need.title,
                    &need.slug,
                    responses,
                );
                OutgoingMail::new(author.email.clone(), content, "potrzeba-termin", now)
            })?;
    for need in &closed {
        app.reindex_need(need);
    }
    if !closed.is_empty() {
        app.wake_mail();
    }
    Ok(closed.len())
}

/// Runs [`sweep`] and logs the outcome instead of failing: a broken sweep must not stop the
/// server, and the next round tries again.
pub fn sweep_and_log(app: &App) {
    match sweep(app) {
        Ok(0) => {}
        Ok(n) => log::info!("zamknięto potrzeby po terminie: {n}"),
        Err(e) => log::error!("zamykanie potrzeb po terminie: {e}"),
    }
}

/// The running thread. Stop it with [`NeedExpiry::stop`] (dropping it stops it too).
pub struct NeedExpiry {
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl NeedExpiry {
    /// Starts the thread; its first sweep is `interval` from now (the caller sweeps at start).
    pub fn start(app: Arc<App>, interval: Duration) -> std::io::Result<NeedExpiry> {
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let signal = stop.clone();
        let thread = std::thread::Builder::new()
            .name("need-expiry".to_string())
            .spawn(move || {
                while !wait_or_stop(&signal, interval) {
                    sweep_and_log(&app);
                }
            })?;
        Ok(NeedExpiry {
            stop,
            thread: Some(thread),
        })
    }

    /// Stops the thread and waits for it (a sweep in progress is finished first).
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let (flag, changed) = &*self.stop;
        match flag.lock() {
            Ok(mut stopping) => *stopping = true,
            Err(poisoned) => *poisoned.into_inner() = true,
        }
        changed.notify_all();
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            log::error!("wątek zamykania potrzeb po terminie zakończył się błędem");
        }
    }
}

impl Drop for NeedExpiry {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Sleeps for `interval` unless stopped first; returns whether to stop.
fn wait_or_stop(signal: &(Mutex<bool>, Condvar), interval: Duration) -> bool {
    let (flag, changed) = signal;
    let guard = match flag.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    let (guard, _) = match changed.wait_timeout_while(guard, interval, |stopping| !*stopping) {
        Ok(result) => result,
        Err(poisoned) => poisoned.into_inner(),
    };
    *guard
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_ends_at_once_when_stopped_and_after_the_interval_otherwise() {
        let signal = (Mutex::new(false), Condvar::new());
        let started = std::time::Instant::now();
        assert!(!wait_or_stop(&signal, Duration::from_millis(20)));
        assert!(started.elapsed() >= Duration::from_millis(20));
        *signal.0.lock().unwrap() = true;
        let started = std::time::Instant::now();
        assert!(wait_or_stop(&signal, Duration::from_secs(60)));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
