//! State shared by the edge's threads: the handler, the limits, the current server
//! generation, the responders and the stop signals.

use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::EdgeConfig;
use super::generation::Generation;
use super::intake::Intake;
use super::permits::Permits;
use super::responder::Responders;
use super::stop::Stop;
use super::uploads::Uploads;
use crate::web::http::Handler;

pub(super) struct Shared {
    pub(super) handler: Arc<dyn Handler>,
    pub(super) max_body: usize,
    pub(super) idle_timeout: Duration,
    /// Our listening port: how the reaper and the pipelining guard recognise our connections.
    pub(super) port: u16,
    /// The socket as the caller gave it to us; generations run on duplicates of it.
    pub(super) listener: TcpListener,
    current: RwLock<Arc<Generation>>,
    next_id: AtomicU64,
    /// `id + 1` of a generation whose accept thread reported an error to a worker (0: none).
    accept_failed: AtomicU64,
    pub(super) responders: Responders,
    pub(super) intake: Intake,
    /// Larger bodies for upload forms, and the slots bounding how many are held at once.
    pub(super) uploads: Uploads,
    pub(super) permits: Permits,
    /// Stops the background threads (watchdog, reaper).
    pub(super) stop: Stop,
    /// Set by `shutdown()`: workers finish what is queued, but not after this instant.
    drain_deadline: OnceLock<Instant>,
    /// Threads serving the leftovers of replaced generations.
    drainers: Mutex<Vec<JoinHandle<()>>>,
}

impl Shared {
    pub(super) fn new(
        listener: TcpListener,
        port: u16,
        first: Generation,
        config: &EdgeConfig,
        handler: Arc<dyn Handler>,
    ) -> Shared {
        Shared {
            handler,
            max_body: config.max_body_bytes,
            idle_timeout: config.idle_timeout,
            port,
            listener,
            next_id: AtomicU64::new(first.id + 1),
            current: RwLock::new(Arc::new(first)),
            accept_failed: AtomicU64::new(0),
            responders: Responders::new(config.max_responders.max(1), port),
            intake: Intake::new(config.max_responders.max(1)),
            uploads: Uploads::new(config.max_upload_bytes, config.max_uploads),
            permits: Permits::new(config.workers.max(1)),
            stop: Stop::default(),
            drain_deadline: OnceLock::new(),
            drainers: Mutex::new(Vec::new()),
        }
    }

    pub(super) fn current(&self) -> Arc<Generation> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Installs a new generation and returns the one it replaces.
    pub(super) fn replace(&self, next: Generation) -> Arc<Generation> {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        std::mem::replace(&mut *current, Arc::new(next))
    }

    pub(super) fn next_generation_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub(super) fn report_accept_failure(&self, generation: u64) {
        self.accept_failed.store(generation + 1, Ordering::Release);
    }

    pub(super) fn accept_failed(&self, generation: u64) -> bool {
        self.accept_failed.load(Ordering::Acquire) == generation + 1
    }

    pub(super) fn begin_drain(&self, deadline: Instant) {
        let _ = self.drain_deadline.set(deadline);
    }

    pub(super) fn draining(&self) -> bool {
        self.drain_deadline.get().is_some()
    }

    pub(super) fn past_drain_deadline(&self) -> bool {
        self.drain_deadline
            .get()
            .is_some_and(|deadline| Instant::now() >= *deadline)
    }

    pub(super) fn add_drainer(&self, handle: JoinHandle<()>) {
        let mut drainers = self.drainers.lock().unwrap_or_else(PoisonError::into_inner);
        drainers.retain(|h| !h.is_finished());
        drainers.push(handle);
    }

    pub(super) fn take_drainers(&self) -> Vec<JoinHandle<()>> {
        std::mem::take(&mut *self.drainers.lock().unwrap_or_else(PoisonError::into_inner))
    }
}
