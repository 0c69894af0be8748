//! Writing responses without ever letting a client hold a worker.
//!
//! `respond()` writes on the calling thread with no timeout, and dropping the crate's request
//! reads away the rest of its body. A client that does not read, or announces a body and then
//! stays silent, would block whoever does either. So each response goes to a short-lived thread
//! with a small stack (a "responder"), and the worker moves on.
//!
//! Responses on one connection are written strictly in order: a client that pipelines requests
//! and never reads keeps one responder blocked in a write and all the others of its connection
//! waiting behind it. Two bounds keep responders from piling up:
//! - Per connection: a connection with more than `PIPELINE_LIMIT` unwritten responses is such
//!   a client. We shut its socket down, which ends all its responders at once, and discard its
//!   remaining responses without writing (nobody would read them, and a discarded response
//!   waits for nothing).
//! - Globally, at most `max_responders` threads. At the cap a worker waits `SLOT_WAIT` for one
//!   to finish (they normally live for microseconds). If none does, the slots are held by
//!   clients that do not read: the connection holding the most of them is shut down, which
//!   frees them, and the worker waits again (a few rounds, as other workers may take the freed
//!   slots first). Only if that frees nothing does the worker write the response itself.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use super::convert::WireResponse;

/// Unwritten responses one connection may have before we treat it as a client that never reads.
pub(super) const PIPELINE_LIMIT: usize = 32;
/// How long a worker waits for a free responder at the global cap.
const SLOT_WAIT: Duration = Duration::from_millis(100);
/// How many connections one worker may shut down to free responder slots.
const EVICTIONS: usize = 3;
/// Writing a response needs little stack: the crate copies through an 8 KiB buffer.
const RESPONDER_STACK: usize = 64 * 1024;

pub(super) struct Responders {
    inner: Arc<Inner>,
}

struct Inner {
    max: usize,
    port: u16,
    state: Mutex<State>,
    freed: Condvar,
}

#[derive(Default)]
struct State {
    running: usize,
    peers: HashMap<SocketAddr, Peer>,
}

#[derive(Default)]
struct Peer {
    unwritten: usize,
    /// Its socket has been shut down: its responses are discarded.
    shed: bool,
}

type Job = (tiny_http_fork::Request, WireResponse);

impl Responders {
    pub(super) fn new(max: usize, port: u16) -> Responders {
        Responders {
            inner: Arc::new(Inner {
                max,
                port,
                state: Mutex::new(State::default()),
                freed: Condvar::new(),
            }),
        }
    }

    /// Sends `response` for `request` without blocking the caller on the client.
    pub(super) fn dispatch(&self, request: tiny_http_fork::Request, response: WireResponse) {
        let peer = request.remote_addr().copied();
        let mut ticket = Ticket::new(&self.inner, peer);
        if let Some(peer) = peer
            && self.inner.over_pipeline_limit(peer)
            && self.inner.shed(peer, "it does not read its responses")
        {
            discard(request);
            return;
        }
        ticket.holds_slot = self.inner.take_slot();
        // Freeing slots may have closed this very connection.
        if peer.is_some_and(|peer| self.inner.is_shed(peer)) {
            discard(request);
        } else if ticket.holds_slot {
            spawn(ticket, (request, response));
        } else {
            write(request, response);
        }
    }

    /// Responders currently running.
    pub(super) fn running(&self) -> usize {
        self.inner.lock().running
    }

    /// Waits until every responder has finished or `deadline` passes; true if all finished.
    pub(super) fn wait_idle(&self, deadline: Instant) -> bool {
        let mut state = self.inner.lock();
        while state.running > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self.inner.wait(state, left);
        }
        true
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, state: MutexGuard<'a, State>, timeout: Duration) -> MutexGuard<'a, State> {
        self.freed
            .wait_timeout(state, timeout)
            .unwrap_or_else(PoisonError::into_inner)
            .0
    }

    fn over_pipeline_limit(&self, peer: SocketAddr) -> bool {
        self.lock()
            .peers
            .get(&peer)
            .is_some_and(|p| p.shed || p.unwritten > PIPELINE_LIMIT)
    }

    fn is_shed(&self, peer: SocketAddr) -> bool {
        self.lock().peers.get(&peer).is_some_and(|p| p.shed)
    }

    /// Takes a responder slot, freeing some from non-reading clients if needed; false if the
    /// response has to be written by the caller.
    fn take_slot(&self) -> bool {
        for round in 0..=EVICTIONS {
            if self.wait_for_slot() {
                return true;
            }
            // Other workers may take the freed slots first: evict again, a few times.
            if round < EVICTIONS
                && let Some(victim) = self.biggest_holder()
            {
                self.shed(victim, "all responders are busy and it holds the most");
            }
        }
        log::warn!(
            "all {} responders busy; writing a response on the caller",
            self.max
        );
        false
    }

    fn wait_for_slot(&self) -> bool {
        let deadline = Instant::now() + SLOT_WAIT;
        let mut state = self.lock();
        while state.running >= self.max {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self.wait(state, left);
        }
        state.running += 1;
        true
    }

    fn biggest_holder(&self) -> Option<SocketAddr> {
        let state = self.lock();
        let (peer, _) = state
            .peers
            .iter()
            .filter(|(_, p)| !p.shed)
            .max_by_key(|(_, p)| p.unwritten)?;
        Some(*peer)
    }

    /// Shuts the connection from `peer` down; true once it is closed (or gone), so that its
    /// responses may be discarded.
    fn shed(&self, peer: SocketAddr, reason: &str) -> bool {
        if self.is_shed(peer) {
            return true;
        }
        log::warn!("closing the connection from {peer}: {reason}");
        if !shutdown_connection(self.port, peer) {
            return false;
        }
        if let Some(entry) = self.lock().peers.get_mut(&peer) {
            entry.shed = true;
        }
        true
    }
}

#[cfg(target_os = "linux")]
fn shutdown_connection(port: u16, peer: SocketAddr) -> bool {
    match super::sockets::shutdown_peer(port, peer) {
        Ok(found) => {
            if !found {
                log::debug!("the connection from {peer} is already gone");
            }
            true
        }
        Err(e) => {
            log::warn!("cannot look up the connection from {peer}: {e}");
            false
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn shutdown_connection(_port: u16, _peer: SocketAddr) -> bool {
    false
}

/// One response on its way: counts against its connection, and holds a responder slot while a
/// thread writes it. Gives both back when dropped, even if writing panics.
struct Ticket {
    inner: Arc<Inner>,
    peer: Option<SocketAddr>,
    holds_slot: bool,
}

impl Ticket {
    fn new(inner: &Arc<Inner>, peer: Option<SocketAddr>) -> Ticket {
        if let Some(peer) = peer {
            inner.lock().peers.entry(peer).or_default().unwritten += 1;
        }
        Ticket {
            inner: Arc::clone(inner),
            peer,
            holds_slot: false,
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut state = self.inner.lock();
        if self.holds_slot {
            state.running -= 1;
        }
        if let Some(peer) = self.peer
            && let Some(entry) = state.peers.get_mut(&peer)
        {
            entry.unwritten -= 1;
            if entry.unwritten == 0 {
                state.peers.remove(&peer);
            }
        }
        drop(state);
        self.inner.freed.notify_all();
    }
}

fn spawn(ticket: Ticket, job: Job) {
    // The job travels through a slot so that it can be written here if no thread starts.
    let slot = Arc::new(Mutex::new(Some(job)));
    let for_thread = Arc::clone(&slot);
    let started = thread::Builder::new()
        .name("edge-respond".into())
        .stack_size(RESPONDER_STACK)
        .spawn(move || {
            let _ticket = ticket;
            if let Some((request, response)) = take(&for_thread) {
                write(request, response);
            }
        });
    if let Err(e) = started {
        log::warn!("cannot start a responder thread ({e}); writing on the caller");
        if let Some((request, response)) = take(&slot) {
            write(request, response);
        }
    }
}

fn take(slot: &Mutex<Option<Job>>) -> Option<Job> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// Writes the response; dropping the request afterwards reads away any unread body.
fn write(request: tiny_http_fork::Request, response: WireResponse) {
    if let Err(e) = request.respond(response) {
        log::debug!("could not send a response: {e}");
    }
}

/// Lets go of a request on a closed connection without writing anything. Unlike `respond()`
/// (or dropping the request, which writes a 500), this does not wait for the connection's
/// earlier responses to be written first.
fn discard(request: tiny_http_fork::Request) {
    drop(request.into_writer());
}
