//! The bound on handler calls running at once. Handlers run on the workers and on intake
//! threads (for requests whose bodies had to be waited for); both take a permit, and there are
//! as many permits as workers, so the application never does more work at once than the pool
//! size allows. Handlers never wait on clients, so a permit is always given back soon.

use std::sync::{Condvar, Mutex, PoisonError};

pub(super) struct Permits {
    free: Mutex<usize>,
    returned: Condvar,
}

impl Permits {
    pub(super) fn new(count: usize) -> Permits {
        Permits {
            free: Mutex::new(count),
            returned: Condvar::new(),
        }
    }

    /// Runs `work` holding a permit (waiting for one if all are taken).
    pub(super) fn run<T>(&self, work: impl FnOnce() -> T) -> T {
        let _permit = self.acquire();
        work()
    }

    fn acquire(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap_or_else(PoisonError::into_inner);
        while *free == 0 {
            free = self
                .returned
                .wait(free)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *free -= 1;
        Permit(self)
    }
}

/// Gives the permit back when dropped, also when the work panics.
struct Permit<'a>(&'a Permits);

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.0.returned.notify_one();
    }
}
