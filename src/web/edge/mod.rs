//! The guarded HTTP edge: `tiny_http_fork` behind our own discipline (DESIGN §3.3, and the
//! measured facts in STACK "The HTTP edge"). Only this module sees the crate; the rest of the
//! application speaks `web::http`.
//!
//! Threads:
//! - the crate's own accept thread and one thread per connection (reading requests);
//! - `workers` threads polling the current server, converting each request (body capped),
//!   calling the handler inside `catch_unwind`, and handing the response over;
//! - short-lived intake threads that wait for request bodies not yet in memory (and then answer
//!   those requests; upload forms may send larger bodies, `uploads.rs`), and responder threads that write responses, so a slow or silent client
//!   never holds a worker (`intake.rs`, `responder.rs`); handler calls never exceed `workers`
//!   at once (`permits.rs`);
//! - a reaper that shuts down connections idle in both directions (`reaper.rs`);
//! - an accept watchdog that replaces the crate's server when its accept thread has died
//!   (`watchdog.rs`, `generation.rs`).
//!
//! What stays the reverse proxy's job: header-size limits, deadlines against clients that drip
//! bytes, a connection cap, TLS.

mod convert;
mod generation;
mod intake;
mod permits;
#[cfg(target_os = "linux")]
mod reaper;
mod responder;
mod rlimit;
mod serve;
mod shared;
#[cfg(target_os = "linux")]
mod sockets;
mod stop;
mod uploads;
mod watchdog;
mod worker;

#[cfg(all(test, target_os = "linux"))]
mod tests;

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::web::http::Handler;
use generation::Generation;
use shared::Shared;

pub use rlimit::raise_fd_limit;

/// How long `shutdown()` lets in-flight requests finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Limits of the edge. `Default` gives the production values.
#[derive(Debug, Clone)]
pub struct EdgeConfig {
    /// Worker threads calling the handler.
    pub workers: usize,
    /// Largest request body read into memory; larger ones get 413.
    pub max_body_bytes: usize,
    /// Largest body of a `multipart/form-data` POST to a route that takes uploads
    /// (`Handler::takes_uploads`); larger ones get 413 (`uploads.rs`).
    pub max_upload_bytes: usize,
    /// Upload bodies larger than `max_body_bytes` held at once; more get 503.
    pub max_uploads: usize,
    /// Connections with no data moving either way for this long are closed (Linux). This also
    /// ends a request whose handler works longer than this before answering.
    pub idle_timeout: Duration,
    /// Most threads writing responses at the same time; also the most threads waiting for
    /// request bodies.
    pub max_responders: usize,
}

impl Default for EdgeConfig {
    fn default() -> EdgeConfig {
        EdgeConfig {
            workers: 8,
            max_body_bytes: 1024 * 1024,
            max_upload_bytes: 16 * 1024 * 1024,
            max_uploads: 4,
            idle_timeout: Duration::from_secs(30),
            max_responders: 256,
        }
    }
}

/// A running server. Stop it with `shutdown()`; dropping it does the same.
pub struct Edge {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    workers: Vec<JoinHandle<()>>,
    background: Vec<JoinHandle<()>>,
    stopped: bool,
}

impl Edge {
    /// Starts serving on an already bound listener (bind to 127.0.0.1:0 in tests).
    pub fn start(
        listener: TcpListener,
        config: EdgeConfig,
        handler: Arc<dyn Handler>,
    ) -> io::Result<Edge> {
        let fd_limit = raise_fd_limit();
        let local_addr = listener.local_addr()?;
        disable_nagle(&listener);
        let first = Generation::start(&listener, 0)?;
        let shared = Shared::new(listener, local_addr.port(), first, &config, handler);
        // From here on, an early return drops `edge`, which stops whatever already started.
        let mut edge = Edge {
            shared: Arc::new(shared),
            local_addr,
            workers: Vec::new(),
            background: Vec::new(),
            stopped: false,
        };
        edge.workers = worker::spawn_workers(&edge.shared, config.workers.max(1))?;
        edge.background
            .push(watchdog::spawn(Arc::clone(&edge.shared))?);
        #[cfg(target_os = "linux")]
        edge.background
            .push(reaper::spawn(Arc::clone(&edge.shared))?);
        log::info!(
            "HTTP edge on {local_addr}: {} workers, bodies up to {} bytes ({} for uploads), idle timeout {:?}, open-file limit {fd_limit}",
            edge.workers.len(),
            config.max_body_bytes,
            config.max_upload_bytes,
            config.idle_timeout
        );
        Ok(edge)
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting, lets in-flight requests finish (at most a few seconds), returns.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if std::mem::replace(&mut self.stopped, true) {
            return;
        }
        let deadline = Instant::now() + SHUTDOWN_GRACE;
        // The watchdog first: it must not restart the server we are about to stop.
        self.shared.stop.set();
        join_all(std::mem::take(&mut self.background));
        self.shared.begin_drain(deadline);
        close_listener(&self.shared.listener);
        join_all(std::mem::take(&mut self.workers));
        join_all(self.shared.take_drainers());
        self.shared.intake.wait_idle(deadline);
        worker::refuse_leftovers(&self.shared, &self.shared.current());
        if !self.shared.responders.wait_idle(deadline) {
            log::warn!(
                "stopped with {} response(s) still being written",
                self.shared.responders.running()
            );
        }
        log::info!("HTTP edge on {} stopped", self.local_addr);
    }
}

impl Drop for Edge {
    fn drop(&mut self) {
        self.stop();
    }
}

fn join_all(handles: Vec<JoinHandle<()>>) {
    for handle in handles {
        if handle.join().is_err() {
            log::error!("an edge thread panicked");
        }
    }
}

/// The crate writes a response's head and body in separate sends; with Nagle's algorithm the
/// body then waits for the client's delayed ack of the head (about 40 ms per response on a
/// keep-alive connection). Accepted sockets inherit `TCP_NODELAY` from the listening socket on
/// Linux; unlike the socket timeouts, it does not affect `accept()` itself.
fn disable_nagle(listener: &TcpListener) {
    let on: libc::c_int = 1;
    // SAFETY: setsockopt only reads the int we pass, which lives for the call.
    let rc = unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc != 0 {
        log::warn!(
            "cannot set TCP_NODELAY on the listening socket: {}",
            io::Error::last_os_error()
        );
    }
}

/// Ends accepting for good: on Linux, `shutdown()` of a listening socket wakes every accept
/// thread blocked on it (ours and the duplicates of replaced generations) with an error, so
/// they all end, and connections not yet accepted are refused.
fn close_listener(listener: &TcpListener) {
    // SAFETY: shutdown only acts on the socket behind this descriptor, which we own.
    if unsafe { libc::shutdown(listener.as_raw_fd(), libc::SHUT_RD) } != 0 {
        log::debug!(
            "shutdown of the listening socket: {}",
            io::Error::last_os_error()
        );
    }
}
