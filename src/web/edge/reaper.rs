//! The connection reaper (Linux). The crate sets no socket timeouts, so a client that connects
//! and falls silent keeps a thread and two descriptors forever. Once a second the reaper walks
//! our connections and shuts down those where no data has moved in either direction for longer
//! than the idle timeout; the crate's threads then see EOF and clean up.
//!
//! A client that drips a byte now and then is never idle and is not caught: deadlines against
//! such clients are the reverse proxy's job.

use std::fs::File;
use std::io;
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use super::shared::Shared;
use super::sockets;

const PERIOD: Duration = Duration::from_secs(1);

pub(super) fn spawn(shared: Arc<Shared>) -> io::Result<JoinHandle<()>> {
    thread::Builder::new()
        .name("edge-reaper".into())
        .spawn(move || run(&shared))
}

fn run(shared: &Shared) {
    // Idle clients are one way to exhaust the descriptors, and listing /proc/self/fd needs one:
    // the reaper keeps a spare to give up when that happens.
    let mut spare = File::open("/dev/null").ok();
    while !shared.stop.sleep(PERIOD) {
        match reap(shared.port, shared.idle_timeout) {
            Err(e) if sockets::is_fd_exhaustion(&e) && spare.is_some() => {
                drop(spare.take());
                if let Err(e) = reap(shared.port, shared.idle_timeout) {
                    log::warn!("reaper cannot list connections: {e}");
                }
                spare = File::open("/dev/null").ok();
            }
            Err(e) => log::debug!("reaper cannot list connections: {e}"),
            Ok(_) => {}
        }
        if spare.is_none() {
            spare = File::open("/dev/null").ok();
        }
    }
}

/// Shuts down every connection of ours idle for longer than `idle`; how many it shut down.
pub(super) fn reap(port: u16, idle: Duration) -> io::Result<usize> {
    let mut reaped = 0;
    sockets::for_each_connection(port, |connection| {
        if connection.idle_for().is_some_and(|quiet| quiet > idle) {
            match connection.shutdown(port) {
                Ok(()) => reaped += 1,
                Err(e) => log::debug!("cannot close idle connection {}: {e}", connection.peer),
            }
        }
    })?;
    if reaped > 0 {
        log::info!("closed {reaped} idle connection(s)");
    }
    Ok(reaped)
}
