//! Reading request bodies without letting a client hold a worker.
//!
//! A client can announce a body within the cap and then send nothing: reading it on a worker
//! would pin that worker until the reaper cuts the connection. So when a body is not already
//! in memory, the worker hands the request to a short-lived intake thread, which reads the
//! body and then answers the request itself, holding one of the handler permits like a worker
//! does (`permits.rs`). At most `max` intake threads run; beyond that the worker reads the
//! body itself.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use super::convert;
use super::serve::finish;
use super::shared::Shared;
use super::uploads::BodyCap;

/// Reading a body needs little stack (the data goes to the heap), but the handler runs here
/// too: give it the stack a worker would have.
const INTAKE_STACK: usize = 2 * 1024 * 1024;

pub(super) struct Intake {
    max: usize,
    running: AtomicUsize,
}

impl Intake {
    pub(super) fn new(max: usize) -> Intake {
        Intake {
            max,
            running: AtomicUsize::new(0),
        }
    }

    /// Reads the body and answers the request on an intake thread. Gives the request back
    /// when no thread can take it (at the cap), for the worker to handle itself.
    /// `cap` is the request's body cap (and upload slot), given back with the request.
    pub(super) fn hand_over(
        &self,
        shared: &Arc<Shared>,
        wire: tiny_http_fork::Request,
        cap: BodyCap,
    ) -> Option<(tiny_http_fork::Request, BodyCap)> {
        if !self.take_slot() {
            return Some((wire, cap));
        }
        // The request travels through a slot so that it can be given back if no thread starts.
        let slot = Arc::new(Mutex::new(Some((wire, cap))));
        let for_thread = Arc::clone(&slot);
        let for_shared = Arc::clone(shared);
        let started = thread::Builder::new()
            .name("edge-intake".into())
            .stack_size(INTAKE_STACK)
            .spawn(move || {
                let _slot = SlotGuard(&for_shared.intake.running);
                if let Some((mut wire, cap)) = take(&for_thread) {
                    let request = convert::to_request(&mut wire, cap.bytes);
                    finish(&for_shared, wire, request);
                    drop(cap);
                }
            });
        match started {
            Ok(_) => None,
            Err(e) => {
                log::warn!("cannot start an intake thread ({e}); reading on the worker");
                self.running.fetch_sub(1, Ordering::Release);
                take(&slot)
            }
        }
    }

    fn take_slot(&self) -> bool {
        self.running
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            })
            .is_ok()
    }

    /// Waits until no intake thread runs or `deadline` passes.
    pub(super) fn wait_idle(&self, deadline: Instant) {
        while self.running.load(Ordering::Acquire) > 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Gives the intake slot back when the thread ends, even on a panic.
struct SlotGuard<'a>(&'a AtomicUsize);

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Release);
    }
}

type Job = (tiny_http_fork::Request, BodyCap);

fn take(slot: &Mutex<Option<Job>>) -> Option<Job> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}
