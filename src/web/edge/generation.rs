//! One tiny_http server ("generation") running on a duplicate of our listening socket.
//!
//! The crate's accept thread dies for good on an accept error (for example when the process is
//! out of descriptors), and nothing tells us. The watchdog then starts the next generation on a
//! fresh duplicate of the same listening socket. A dying accept thread drops, and so closes,
//! the duplicate it owns: that is how we see it is gone.

use std::io;
use std::net::TcpListener;
use std::os::fd::{AsRawFd, RawFd};
use std::time::{Duration, Instant};

use tiny_http_fork::{ConfigListenAddr, ListenAddr, Server, ServerConfig};

pub(super) struct Generation {
    pub(super) id: u64,
    pub(super) server: Server,
    started: Instant,
    /// The duplicate the accept thread owns, and what it referred to when we handed it over.
    listener_fd: RawFd,
    listener_identity: FileIdentity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileIdentity {
    device: libc::dev_t,
    inode: libc::ino_t,
}

/// Connection threads the crate keeps waiting. Every open connection holds one of its threads,
/// and it gives a new connection to a waiting thread only by counting them: when a burst of
/// connections (a browser fetching a page's styles and scripts) outnumbers the waiting
/// threads, the extra connections queue behind open keep-alive connections and are not read
/// until one of those closes, which stalled page loads for up to the idle timeout. With many
/// threads waiting, a burst always finds one each; an idle thread costs a few kilobytes.
const CONNECTION_THREADS_READY: usize = 128;

impl Generation {
    pub(super) fn start(listener: &TcpListener, id: u64) -> io::Result<Generation> {
        let duplicate = listener.try_clone()?;
        let address = duplicate.local_addr()?;
        let listener_fd = duplicate.as_raw_fd();
        let listener_identity = identity(listener_fd)?;
        let config = ServerConfig {
            addr: ConfigListenAddr::IP(vec![address]),
            ssl: None,
            min_threads: Some(CONNECTION_THREADS_READY),
            max_threads: None,
        };
        let server = Server::from_listener(duplicate, ListenAddr::from(address), config)
            .map_err(io::Error::other)?;
        Ok(Generation {
            id,
            server,
            started: Instant::now(),
            listener_fd,
            listener_identity,
        })
    }

    /// False once the crate's accept thread has ended (its descriptor is closed, or the number
    /// now names something else). Only the watchdog creates duplicates of the listener, so the
    /// number cannot meanwhile come back as another duplicate of the same socket.
    pub(super) fn accept_loop_alive(&self) -> bool {
        identity(self.listener_fd).ok() == Some(self.listener_identity)
    }

    #[cfg(test)]
    pub(super) fn listener_fd(&self) -> RawFd {
        self.listener_fd
    }

    pub(super) fn age(&self) -> Duration {
        self.started.elapsed()
    }
}

fn identity(fd: RawFd) -> io::Result<FileIdentity> {
    let mut stat = std::mem::MaybeUninit::<libc::stat>::zeroed();
    // SAFETY: fstat writes a `struct stat` into the buffer we own; a closed number gives EBADF.
    if unsafe { libc::fstat(fd, stat.as_mut_ptr()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fstat succeeded, so the struct is initialised.
    let stat = unsafe { stat.assume_init() };
    Ok(FileIdentity {
        device: stat.st_dev,
        inode: stat.st_ino,
    })
}
