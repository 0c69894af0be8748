//! The fixed pool of workers, and the drainers that finish the work of replaced generations.
//!
//! Workers never block in `recv()`: they poll with a short timeout, so they notice a new
//! generation and a shutdown promptly.

use std::io;
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::convert;
use super::generation::Generation;
use super::serve::{error_page, serve};
use super::shared::Shared;

const POLL: Duration = Duration::from_millis(50);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Polled {
    Served,
    Idle,
    AcceptFailed,
}

pub(super) fn spawn_workers(shared: &Arc<Shared>, count: usize) -> io::Result<Vec<JoinHandle<()>>> {
    (0..count)
        .map(|n| {
            let shared = Arc::clone(shared);
            thread::Builder::new()
                .name(format!("edge-worker-{n}"))
                .spawn(move || run_worker(&shared))
        })
        .collect()
}

/// Serves whichever generation is current until shutdown, then what is still queued.
fn run_worker(shared: &Arc<Shared>) {
    loop {
        let generation = shared.current();
        let polled = poll_once(shared, &generation);
        if polled == Polled::AcceptFailed {
            shared.report_accept_failure(generation.id);
        }
        if shared.draining() && (polled == Polled::Idle || shared.past_drain_deadline()) {
            return;
        }
    }
}

/// Serves a replaced generation's connections until it has been quiet for `quiet`: by then
/// its keep-alive clients have moved on or been closed by the reaper.
pub(super) fn run_drainer(shared: &Arc<Shared>, generation: &Generation, quiet: Duration) {
    let mut last_request = Instant::now();
    loop {
        match poll_once(shared, generation) {
            Polled::Served => last_request = Instant::now(),
            Polled::Idle if shared.draining() || last_request.elapsed() >= quiet => break,
            Polled::Idle | Polled::AcceptFailed => {}
        }
        if shared.past_drain_deadline() {
            break;
        }
    }
    log::debug!("server generation {} retired", generation.id);
}

fn poll_once(shared: &Arc<Shared>, generation: &Generation) -> Polled {
    match generation.server.recv_timeout(POLL) {
        Ok(Ok(Some(request))) => {
            serve(shared, request);
            Polled::Served
        }
        Ok(Ok(None)) => Polled::Idle,
        // A request the crate could not parse (or a client that left): the crate has already
        // answered 400 on the connection when there was one to answer.
        Ok(Err(e)) => {
            log::debug!("unreadable request: {e}");
            Polled::Served
        }
        // Only the accept thread sends I/O errors, as its last act.
        Err(e) if shared.draining() => {
            log::debug!("server generation {} closed: {e}", generation.id);
            Polled::AcceptFailed
        }
        Err(e) => {
            log::warn!("server generation {} stopped accepting: {e}", generation.id);
            Polled::AcceptFailed
        }
    }
}

/// After the workers have stopped: answers what is still queued with 503, so that no client
/// waits for a request nobody will serve.
pub(super) fn refuse_leftovers(shared: &Shared, generation: &Generation) {
    let refuse = |wire| {
        let page = error_page(shared.handler.as_ref(), 503);
        shared.responders.dispatch(wire, convert::to_wire(page));
    };
    loop {
        match generation.server.recv_timeout(Duration::ZERO) {
            Ok(Ok(Some(wire))) => refuse(wire),
            Ok(Err(_)) => {}
            Ok(Ok(None)) | Err(_) => return,
        }
    }
}
