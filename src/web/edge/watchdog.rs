//! The accept watchdog. The crate's accept thread ends on the first accept error it does not
//! expect, typically when the process runs out of descriptors, and from then on the server
//! never accepts again. Every `TICK` the watchdog checks the current generation:
//! - a worker got the accept thread's I/O error from `recv()`;
//! - the descriptor we handed to the accept thread is closed (a dying thread drops it);
//! - connections have been waiting in the listening socket's accept queue for `STUCK_AFTER`
//!   (Linux reports the queue length in `TCP_INFO.tcpi_unacked` of a listening socket).
//!
//! Then it starts a new generation on a fresh duplicate of the listening socket, with backoff
//! while that fails (no descriptor for the duplicate) or the new one dies young, and hands the
//! old one to a drainer that serves its remaining connections until they fall quiet.

use std::io;
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::generation::Generation;
use super::shared::Shared;
use super::worker::run_drainer;

const TICK: Duration = Duration::from_millis(100);
const STUCK_AFTER: Duration = Duration::from_secs(1);
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// A generation that lived this long died of something new: restart without waiting.
const STABLE_AFTER: Duration = Duration::from_secs(10);
/// A replaced generation is dropped once quiet for the idle timeout plus this, so that the
/// reaper has had the chance to close its idle keep-alive connections first.
const RETIRE_GRACE: Duration = Duration::from_secs(2);

pub(super) fn spawn(shared: Arc<Shared>) -> io::Result<JoinHandle<()>> {
    thread::Builder::new()
        .name("edge-watchdog".into())
        .spawn(move || run(&shared))
}

struct Watch {
    queue_busy_since: Option<Instant>,
    backoff: Duration,
}

fn run(shared: &Arc<Shared>) {
    let mut watch = Watch {
        queue_busy_since: None,
        backoff: FIRST_BACKOFF,
    };
    while !shared.stop.sleep(TICK) {
        let current = shared.current();
        let Some(reason) = watch.diagnose(shared, &current) else {
            continue;
        };
        log::warn!(
            "server generation {} no longer accepts connections ({reason}); starting a new one",
            current.id
        );
        if !watch.restart(shared, &current) {
            return;
        }
    }
}

impl Watch {
    fn diagnose(&mut self, shared: &Shared, current: &Generation) -> Option<&'static str> {
        if shared.accept_failed(current.id) {
            Some("accept failed")
        } else if !current.accept_loop_alive() {
            Some("its accept thread ended")
        } else if self.queue_stuck(shared) {
            Some("connections stay in the accept queue")
        } else {
            None
        }
    }

    #[cfg(target_os = "linux")]
    fn queue_stuck(&mut self, shared: &Shared) -> bool {
        use std::os::fd::AsRawFd;
        match super::sockets::accept_queue_len(shared.listener.as_raw_fd()) {
            Ok(waiting) if waiting > 0 => {
                let since = *self.queue_busy_since.get_or_insert_with(Instant::now);
                since.elapsed() >= STUCK_AFTER
            }
            _ => {
                self.queue_busy_since = None;
                false
            }
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn queue_stuck(&mut self, _shared: &Shared) -> bool {
        self.queue_busy_since = None;
        false
    }

    /// Starts a new generation, retrying with backoff; false if stopped meanwhile.
    fn restart(&mut self, shared: &Arc<Shared>, failed: &Generation) -> bool {
        if failed.age() >= STABLE_AFTER {
            self.backoff = FIRST_BACKOFF;
        } else if !self.pause(shared) {
            return false;
        }
        loop {
            match start_next(shared) {
                Ok(id) => {
                    log::info!("server generation {id} is accepting connections");
                    self.queue_busy_since = None;
                    return true;
                }
                Err(e) => {
                    log::warn!(
                        "cannot start a new server generation ({e}); retrying in {:?}",
                        self.backoff
                    );
                    if !self.pause(shared) {
                        return false;
                    }
                }
            }
        }
    }

    fn pause(&mut self, shared: &Shared) -> bool {
        let stopped = shared.stop.sleep(self.backoff);
        self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
        !stopped
    }
}

/// Replaces the current generation with a new one and retires the old; the new id.
pub(super) fn start_next(shared: &Arc<Shared>) -> io::Result<u64> {
    let next = Generation::start(&shared.listener, shared.next_generation_id())?;
    let id = next.id;
    let old = shared.replace(next);
    retire(shared, old);
    Ok(id)
}

fn retire(shared: &Arc<Shared>, old: Arc<Generation>) {
    let quiet = shared.idle_timeout + RETIRE_GRACE;
    let id = old.id;
    let for_thread = Arc::clone(shared);
    let started = thread::Builder::new()
        .name(format!("edge-drain-{id}"))
        .spawn(move || run_drainer(&for_thread, &old, quiet));
    match started {
        Ok(handle) => shared.add_drainer(handle),
        Err(e) => log::error!("cannot start a thread to retire server generation {id}: {e}"),
    }
}
