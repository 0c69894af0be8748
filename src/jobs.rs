//! Background chores that run on a clock while the server serves: a named thread that runs a
//! job at start and then every interval, survives a panicking job, and stops promptly when the
//! server shuts down.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A running periodic job. Stop it with [`Periodic::stop`] (dropping it stops it too).
pub struct Periodic {
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Periodic {
    /// Starts a thread named `name` that runs `job` now and then every `every`.
    pub fn start(
        name: &str,
        every: Duration,
        mut job: impl FnMut() + Send + 'static,
    ) -> std::io::Result<Periodic> {
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let thread_stop = stop.clone();
        let label = name.to_string();
        let thread = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                loop {
                    if catch_unwind(AssertUnwindSafe(&mut job)).is_err() {
                        log::error!("błąd wewnętrzny zadania „{label}”; kolejna próba później");
                    }
                    if wait_or_stop(&thread_stop, every) {
                        break;
                    }
                }
            })?;
        Ok(Periodic {
            stop,
            thread: Some(thread),
        })
    }

    /// Stops the thread and waits for a job in progress to finish.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let (flag, changed) = &*self.stop;
        *flag.lock().unwrap_or_else(PoisonError::into_inner) = true;
        changed.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Periodic {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Sleeps for `pause` unless told to stop first; returns whether to stop.
fn wait_or_stop(stop: &(Mutex<bool>, Condvar), pause: Duration) -> bool {
    let (flag, changed) = stop;
    let deadline = Instant::now() + pause;
    let mut stopping = flag.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if *stopping {
            return true;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        stopping = changed
            .wait_timeout(stopping, left)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn runs_at_once_survives_a_panic_and_stops_promptly() {
        let runs = Arc::new(AtomicUsize::new(0));
        let counter = runs.clone();
        let job = Periodic::start("test-job", Duration::from_millis(10), move || {
            if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                panic!("first run fails");
            }
        })
        .unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        while runs.load(Ordering::SeqCst) < 3 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let started = Instant::now();
        job.stop();
        assert!(runs.load(Ordering::SeqCst) >= 3);
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
