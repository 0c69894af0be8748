//! A bound on pictures being decoded and scaled at once (`limits::DECODES_AT_ONCE`), so that
//! several large uploads arriving together cannot take more memory than the machine has.
//! Handlers already run at most `workers` at a time; this is the tighter bound for the one
//! kind of work that needs hundreds of megabytes.

use std::sync::{Condvar, Mutex, PoisonError};

use super::limits::DECODES_AT_ONCE;

static RUNNING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// Held while a picture is processed; lets the next one in when dropped (also on a panic).
pub(super) struct Pass(());

/// Waits until fewer than `DECODES_AT_ONCE` pictures are being processed.
pub(super) fn enter() -> Pass {
    let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
    while *running >= DECODES_AT_ONCE {
        running = FREED.wait(running).unwrap_or_else(PoisonError::into_inner);
    }
    *running += 1;
    Pass(())
}

impl Drop for Pass {
    fn drop(&mut self) {
        *RUNNING.lock().unwrap_or_else(PoisonError::into_inner) -= 1;
        FREED.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;
    use std::time::Duration;

    use super::*;

    #[test]
    fn no_more_than_the_bound_run_at_once() {
        static INSIDE: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let threads: Vec<_> = (0..6)
            .map(|_| {
                thread::spawn(|| {
                    let _pass = enter();
                    let now = INSIDE.fetch_add(1, Ordering::SeqCst) + 1;
                    MOST.fetch_max(now, Ordering::SeqCst);
                    thread::sleep(Duration::from_millis(20));
                    INSIDE.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        // Other tests of this module may hold passes too, so only the upper bound is exact.
        assert!(MOST.load(Ordering::SeqCst) <= DECODES_AT_ONCE);
        assert!(MOST.load(Ordering::SeqCst) >= 1);
    }
}
