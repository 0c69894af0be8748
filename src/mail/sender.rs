//! The background sender: one thread that delivers due messages from the outbox over SMTP,
//! retries failures with exponential backoff, and gives up after the policy's last attempt.
//!
//! It keeps no state of its own — every decision is read from and written to the store — so a
//! restart loses nothing: a message that was being delivered when the process stopped is simply
//! tried again (delivery is at least once). The SMTP settings are read at every round, so an
//! admin's change applies without a restart; without settings, messages stay pending for the
//! admins' outbox page.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::smtp;
use crate::domain::mail::{MailStatus, RetryPolicy};
use crate::domain::now;
use crate::domain::settings::SmtpSettings;
use crate::store::{Store, StoreError};

/// What the sender needs: the store, and the current SMTP settings (by default the ones saved
/// in the store's settings record).
pub trait MailStore: Send + Sync + 'static {
    fn store(&self) -> &Store;

    fn smtp_settings(&self) -> Result<Option<SmtpSettings>, StoreError> {
        Ok(self.store().settings()?.smtp)
    }
}

impl MailStore for Store {
    fn store(&self) -> &Store {
        self
    }
}

impl MailStore for crate::app::App {
    fn store(&self) -> &Store {
        &self.store
    }
}

/// How the sender paces itself.
#[derive(Debug, Clone)]
pub struct SenderOptions {
    pub retry: RetryPolicy,
    /// For connecting to the SMTP server and for each SMTP command.
    pub timeout: Duration,
    /// The longest sleep between rounds when not woken: how late a message enqueued without a
    /// [`Wakeup::wake`] (or a settings change) is noticed.
    pub idle: Duration,
    /// Messages read from the store at a time.
    pub batch: usize,
}

impl Default for SenderOptions {
    fn default() -> SenderOptions {
        SenderOptions {
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(20),
            idle: Duration::from_secs(30),
            batch: 20,
        }
    }
}

/// Rings the sender: "a message was enqueued (or the settings changed), look now". Cheap to
/// clone; keep one wherever messages are enqueued.
#[derive(Clone, Default)]
pub struct Wakeup {
    signal: Arc<Signal>,
}

#[derive(Default)]
struct Signal {
    flags: Mutex<Flags>,
    changed: Condvar,
}

#[derive(Default)]
struct Flags {
    woken: bool,
    stopping: bool,
}

impl Wakeup {
    pub fn new() -> Wakeup {
        Wakeup::default()
    }

    pub fn wake(&self) {
        self.flags().woken = true;
        self.signal.changed.notify_all();
    }

    fn stop(&self) {
        self.flags().stopping = true;
        self.signal.changed.notify_all();
    }

    fn is_stopping(&self) -> bool {
        self.flags().stopping
    }

    /// Sleeps until woken, stopped, or `timeout` has passed. Returns whether to stop.
    fn wait(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut flags = self.flags();
        loop {
            if flags.stopping {
                return true;
            }
            if flags.woken {
                flags.woken = false;
                return false;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            flags = match self.signal.changed.wait_timeout(flags, left) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    fn flags(&self) -> MutexGuard<'_, Flags> {
        match self.signal.flags.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// The running sender thread. Stop it with [`MailSender::stop`] (dropping it stops it too).
pub struct MailSender {
    wakeup: Wakeup,
    thread: Option<JoinHandle<()>>,
}

impl MailSender {
    /// Starts the thread. It holds `source` until it is stopped.
    pub fn start<S: MailStore>(
        source: Arc<S>,
        wakeup: Wakeup,
        options: SenderOptions,
    ) -> std::io::Result<MailSender> {
        let thread_wakeup = wakeup.clone();
        let thread = std::thread::Builder::new()
            .name("mail-sender".to_string())
            .spawn(move || run(&*source, &thread_wakeup, &options))?;
        Ok(MailSender {
            wakeup,
            thread: Some(thread),
        })
    }

    /// Asks for a round now.
    pub fn wake(&self) {
        self.wakeup.wake();
    }

    /// A handle that wakes this sender.
    pub fn wakeup(&self) -> Wakeup {
        self.wakeup.clone()
    }

    /// Stops the thread and waits for it. A delivery in progress is finished first, which takes
    /// at most the SMTP timeout; the thread then releases the store.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.wakeup.stop();
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            log::error!("wątek wysyłki poczty zakończył się błędem");
        }
    }
}

impl Drop for MailSender {
    fn drop(&mut self) {
        self.shut_down();
    }
}

fn run<S: MailStore>(source: &S, wakeup: &Wakeup, options: &SenderOptions) {
    log::info!("wysyłka poczty uruchomiona");
    loop {
        if wakeup.is_stopping() {
            break;
        }
        // A panic inside a delivery (a bug in a library) must not end e-mail for good.
        let pause = catch_unwind(AssertUnwindSafe(|| round(source, wakeup, options)))
            .unwrap_or_else(|_| {
                log::error!("błąd wewnętrzny podczas wysyłki poczty; ponowna próba później");
                options.idle
            });
        if wakeup.wait(pause) {
            break;
        }
    }
    log::info!("wysyłka poczty zatrzymana");
}

/// Short pause when more mail became due during a round.
const SHORT_PAUSE: Duration = Duration::from_millis(200);
/// Batches in one round before the stop flag and the settings are looked at again.
const MAX_BATCHES_PER_ROUND: usize = 50;

/// One round: deliver what is due with the current settings. Returns how long to sleep.
fn round<S: MailStore>(source: &S, wakeup: &Wakeup, options: &SenderOptions) -> Duration {
    let smtp = match source.smtp_settings() {
        Ok(Some(smtp)) => smtp,
        // No server configured: messages wait in the outbox, where admins can read them.
        Ok(None) => return options.idle,
        Err(e) => {
            log::error!("wysyłka poczty: nie można odczytać ustawień: {e}");
            return options.idle;
        }
    };
    let store = source.store();
    let batch = options.batch.max(1);
    for _ in 0..MAX_BATCHES_PER_ROUND {
        let due = match store.due_mail(now(), batch) {
            Ok(due) => due,
            Err(e) => {
                log::error!("wysyłka poczty: nie można odczytać kolejki: {e}");
                return options.idle;
            }
        };
        let full = due.len() == batch;
        for mail in due {
            if wakeup.is_stopping() {
                return Duration::ZERO;
            }
            let recorded = match smtp::deliver(&smtp, &mail, options.timeout) {
                Ok(()) => {
                    log::info!("wysłano wiadomość {} ({})", mail.id.0, mail.purpose);
                    store.mark_mail_sent(mail.id, now()).map(|_| ())
                }
                Err(error) => {
                    log::warn!(
                        "nie udało się wysłać wiadomości {} ({}): {error}",
                        mail.id.0,
                        mail.purpose
                    );
                    store
                        .mark_mail_failed_attempt(
                            mail.id,
                            &error.message,
                            error.permanent,
                            now(),
                            &options.retry,
                        )
                        .map(|stored| {
                            if let Some(m) = stored
                                && m.status == MailStatus::Failed
                            {
                                log::error!(
                                    "wiadomość {} ({}) porzucona po {} próbach",
                                    m.id.0,
                                    m.purpose,
                                    m.attempts
                                );
                            }
                        })
                }
            };
            if let Err(e) = recorded {
                log::error!("wysyłka poczty: nie można zapisać wyniku wysyłki: {e}");
                return options.idle;
            }
        }
        if !full {
            break;
        }
    }
    match store.next_mail_due() {
        Ok(Some(at)) => {
            let wait = at.saturating_sub(now());
            if wait <= 0 {
                SHORT_PAUSE
            } else {
                Duration::from_secs(wait.unsigned_abs()).min(options.idle)
            }
        }
        Ok(None) => options.idle,
        Err(e) => {
            log::error!("wysyłka poczty: nie można odczytać kolejki: {e}");
            options.idle
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mail::{MailContent, OutgoingMail};
    use crate::domain::settings::SmtpSecurity;

    fn mail() -> OutgoingMail {
        OutgoingMail::new(
            "anna@example.pl",
            MailContent {
                subject: "Temat".to_string(),
                text: "Treść".to_string(),
                html: "<p>Treść</p>".to_string(),
            },
            "test",
            now(),
        )
    }

    fn options() -> SenderOptions {
        SenderOptions {
            retry: RetryPolicy {
                first_delay: 60,
                max_delay: 3600,
                max_attempts: 3,
            },
            timeout: Duration::from_secs(5),
            idle: Duration::from_secs(60),
            batch: 2,
        }
    }

    /// A store whose SMTP settings point at a closed port on loopback.
    fn unreachable() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut settings = store.settings().unwrap();
        settings.smtp = Some(SmtpSettings {
            host: "127.0.0.1".to_string(),
            port,
            security: SmtpSecurity::None,
            user: String::new(),
            password: String::new(),
            sender_address: "pes@torun.example".to_string(),
            sender_name: String::new(),
        });
        store.save_settings(&settings, None).unwrap();
        (dir, store)
    }

    #[test]
    fn without_smtp_settings_mail_stays_pending_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let id = store.enqueue_mail(mail()).unwrap();
        let pause = round(&store, &Wakeup::new(), &options());
        assert_eq!(pause, options().idle);
        let stored = store.mail(id).unwrap().unwrap();
        assert_eq!(stored.status, MailStatus::Pending);
        assert_eq!(stored.attempts, 0);
        assert_eq!(stored.last_error, None);
    }

    #[test]
    fn a_failed_round_records_the_attempt_and_sleeps_until_the_retry() {
        let (_dir, store) = unreachable();
        let ids: Vec<_> = (0..3)
            .map(|_| store.enqueue_mail(mail()).unwrap())
            .collect();
        let pause = round(&store, &Wakeup::new(), &options());
        // All three were tried although a batch holds two.
        for id in ids {
            let stored = store.mail(id).unwrap().unwrap();
            assert_eq!(stored.status, MailStatus::Pending);
            assert_eq!(stored.attempts, 1);
            assert!(stored.last_error.unwrap().contains("SMTP"));
        }
        // The next attempt is a minute away: sleep about that long, not the idle time.
        assert!(
            pause <= Duration::from_secs(60) && pause >= Duration::from_secs(58),
            "{pause:?}"
        );
    }

    #[test]
    fn the_last_failed_attempt_marks_the_mail_failed() {
        let (_dir, store) = unreachable();
        let id = store.enqueue_mail(mail()).unwrap();
        let policy = options().retry;
        // Two failures already, and due now.
        for _ in 0..2 {
            store
                .mark_mail_failed_attempt(id, "x", false, now() - 10_000, &policy)
                .unwrap();
        }
        round(&store, &Wakeup::new(), &options());
        let stored = store.mail(id).unwrap().unwrap();
        assert_eq!(stored.status, MailStatus::Failed);
        assert_eq!(stored.attempts, 3);
    }

    #[test]
    fn wake_and_stop_end_the_wait_early() {
        let wakeup = Wakeup::new();
        wakeup.wake();
        let started = Instant::now();
        assert!(!wakeup.wait(Duration::from_secs(30)));
        assert!(started.elapsed() < Duration::from_secs(5));
        // The wake was used up: now the timeout applies.
        assert!(!wakeup.wait(Duration::from_millis(20)));

        let stopper = wakeup.clone();
        let thread = std::thread::spawn(move || stopper.wait(Duration::from_secs(30)));
        std::thread::sleep(Duration::from_millis(50));
        wakeup.stop();
        assert!(thread.join().unwrap());
    }

    #[test]
    fn the_sender_thread_stops_promptly_and_releases_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(dir.path()).unwrap());
        let sender = MailSender::start(store.clone(), Wakeup::new(), options()).unwrap();
        sender.wake();
        let started = Instant::now();
        sender.stop();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(Arc::strong_count(&store), 1);
    }
}
