//! Finding the server's own TCP connections among the process's descriptors, and inspecting
//! them with `TCP_INFO` (Linux). The crate hides its sockets, so this is how the reaper, the
//! pipelining guard and the accept watchdog reach them.
//!
//! A descriptor number can be closed and reused between listing `/proc/self/fd` and looking
//! at it. So each candidate is first duplicated: every check and the final `shutdown()` then
//! apply to one and the same socket, whatever happens to the number meanwhile. Only when no
//! descriptor is left for the duplicate (the process is at its limit) do we work on the number
//! itself, re-checking it just before acting.

use std::collections::HashSet;
use std::io;
use std::mem::{MaybeUninit, size_of};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Duration;

// Connection states from the kernel's tcp_states.h (libc does not export them).
const TCP_ESTABLISHED: u8 = 1;
const TCP_CLOSE_WAIT: u8 = 8;

/// One accepted, still connected TCP connection of our server.
pub(super) struct Connection {
    handle: Handle,
    pub(super) peer: SocketAddr,
}

enum Handle {
    Duplicate(OwnedFd),
    Borrowed(RawFd),
}

impl Handle {
    fn open(fd: RawFd) -> Option<Handle> {
        // Only sockets are duplicated: closing a duplicate of a regular file would drop any
        // classic POSIX lock the process holds on it (sockets carry none).
        socket_inode(fd)?;
        // SAFETY: F_DUPFD_CLOEXEC only reads `fd`; a stale number fails with EBADF.
        let dup = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
        if dup >= 0 {
            // SAFETY: `dup` is a fresh descriptor that nothing else owns.
            return Some(Handle::Duplicate(unsafe { OwnedFd::from_raw_fd(dup) }));
        }
        if is_fd_exhaustion(&io::Error::last_os_error()) {
            Some(Handle::Borrowed(fd))
        } else {
            None
        }
    }

    fn raw(&self) -> RawFd {
        match self {
            Handle::Duplicate(fd) => fd.as_raw_fd(),
            Handle::Borrowed(fd) => *fd,
        }
    }
}

impl Connection {
    /// How long no data has moved in either direction. Acks are not activity: a client that
    /// never reads still acknowledges the kernel's zero-window probes.
    /// `None` once we have shut it down (it then leaves these two states).
    pub(super) fn idle_for(&self) -> Option<Duration> {
        let info = tcp_info(self.handle.raw()).ok()?;
        if !matches!(info.tcpi_state, TCP_ESTABLISHED | TCP_CLOSE_WAIT) {
            return None;
        }
        let quiet_ms = info.tcpi_last_data_recv.min(info.tcpi_last_data_sent);
        Some(Duration::from_millis(u64::from(quiet_ms)))
    }

    #[cfg(test)]
    pub(super) fn nodelay(&self) -> bool {
        socket_option(self.handle.raw(), libc::IPPROTO_TCP, libc::TCP_NODELAY)
            .is_some_and(|on| on != 0)
    }

    /// Shuts the connection down both ways. The crate's threads blocked on it wake up with
    /// EOF or EPIPE and clean up after themselves; the descriptors are closed by them.
    pub(super) fn shutdown(&self, port: u16) -> io::Result<()> {
        let fd = self.handle.raw();
        // A borrowed number may have been reused since we inspected it.
        if let Handle::Borrowed(_) = self.handle
            && inspect(fd, port).map(|(_, peer)| peer) != Some(self.peer)
        {
            return Ok(());
        }
        // SAFETY: shutdown only acts on the socket behind `fd`, which we just verified.
        if unsafe { libc::shutdown(fd, libc::SHUT_RDWR) } == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }
}

/// Calls `visit` once for every connected TCP socket whose local port is `port`, leaving out
/// listening sockets (ours and their duplicates). The crate keeps two descriptors per
/// connection; each socket is visited once.
pub(super) fn for_each_connection(port: u16, mut visit: impl FnMut(&Connection)) -> io::Result<()> {
    let mut seen = HashSet::new();
    for fd in open_descriptors()? {
        let Some(handle) = Handle::open(fd) else {
            continue;
        };
        let Some((inode, peer)) = inspect(handle.raw(), port) else {
            continue;
        };
        if seen.insert(inode) {
            visit(&Connection { handle, peer });
        }
    }
    Ok(())
}

/// Shuts down our connection with `peer`; true if it was found.
pub(super) fn shutdown_peer(port: u16, peer: SocketAddr) -> io::Result<bool> {
    let mut found = false;
    for_each_connection(port, |connection| {
        if connection.peer == peer {
            found = true;
            if let Err(e) = connection.shutdown(port) {
                log::debug!("shutdown of the connection from {peer} failed: {e}");
            }
        }
    })?;
    Ok(found)
}

/// The number of connections waiting in the accept queue of a listening socket.
pub(super) fn accept_queue_len(listener: RawFd) -> io::Result<u32> {
    // On a listening socket Linux reports the accept-queue length in this field.
    Ok(tcp_info(listener)?.tcpi_unacked)
}

pub(super) fn is_fd_exhaustion(error: &io::Error) -> bool {
    matches!(error.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
}

/// The numbers of all open descriptors. The directory's own descriptor is closed before we
/// return, so it is free again for the duplicates that follow.
fn open_descriptors() -> io::Result<Vec<RawFd>> {
    let mut fds = Vec::new();
    for entry in std::fs::read_dir("/proc/self/fd")? {
        let Ok(entry) = entry else { continue };
        if let Some(fd) = entry.file_name().to_str().and_then(|n| n.parse().ok()) {
            fds.push(fd);
        }
    }
    Ok(fds)
}

/// If `fd` is a connected TCP socket with local port `port` (and not a listener), its inode
/// (to tell duplicates apart) and peer address.
fn inspect(fd: RawFd, port: u16) -> Option<(libc::ino_t, SocketAddr)> {
    let inode = socket_inode(fd)?;
    if socket_option(fd, libc::SOL_SOCKET, libc::SO_TYPE)? != libc::SOCK_STREAM
        || socket_option(fd, libc::SOL_SOCKET, libc::SO_ACCEPTCONN)? != 0
    {
        return None;
    }
    if socket_address(fd, Side::Local)?.port() != port {
        return None;
    }
    // getpeername fails on a socket that is not (or no longer) connected.
    let peer = socket_address(fd, Side::Peer)?;
    Some((inode, peer))
}

fn socket_inode(fd: RawFd) -> Option<libc::ino_t> {
    let mut stat = MaybeUninit::<libc::stat>::zeroed();
    // SAFETY: fstat writes a `struct stat` into the buffer we own.
    if unsafe { libc::fstat(fd, stat.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: fstat succeeded, so the struct is initialised.
    let stat = unsafe { stat.assume_init() };
    (stat.st_mode & libc::S_IFMT == libc::S_IFSOCK).then_some(stat.st_ino)
}

fn socket_option(fd: RawFd, level: libc::c_int, name: libc::c_int) -> Option<libc::c_int> {
    let mut value: libc::c_int = 0;
    let mut len = size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: the kernel writes at most `len` bytes into `value`, an int we own.
    let rc = unsafe {
        libc::getsockopt(
            fd,
            level,
            name,
            (&mut value as *mut libc::c_int).cast(),
            &mut len,
        )
    };
    (rc == 0).then_some(value)
}

fn tcp_info(fd: RawFd) -> io::Result<libc::tcp_info> {
    let mut info = MaybeUninit::<libc::tcp_info>::zeroed();
    let mut len = size_of::<libc::tcp_info>() as libc::socklen_t;
    // SAFETY: the kernel writes at most `len` bytes into the zeroed buffer; fields an older
    // kernel does not fill stay zero, a valid value for this plain-integer struct.
    let rc = unsafe {
        libc::getsockopt(
            fd,
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            info.as_mut_ptr().cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: zero-initialised and (partly) written by the kernel: every bit pattern is valid.
    Ok(unsafe { info.assume_init() })
}

#[derive(Clone, Copy)]
enum Side {
    Local,
    Peer,
}

fn socket_address(fd: RawFd, side: Side) -> Option<SocketAddr> {
    let mut storage = MaybeUninit::<libc::sockaddr_storage>::zeroed();
    let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    let address = storage.as_mut_ptr().cast::<libc::sockaddr>();
    // SAFETY: the kernel writes at most `len` bytes into the storage we own.
    let rc = unsafe {
        match side {
            Side::Local => libc::getsockname(fd, address, &mut len),
            Side::Peer => libc::getpeername(fd, address, &mut len),
        }
    };
    if rc != 0 {
        return None;
    }
    // SAFETY: zero-initialised and written by the kernel: every bit pattern is valid.
    let storage = unsafe { storage.assume_init() };
    to_socket_addr(&storage, len as usize)
}

fn to_socket_addr(storage: &libc::sockaddr_storage, len: usize) -> Option<SocketAddr> {
    match libc::c_int::from(storage.ss_family) {
        libc::AF_INET if len >= size_of::<libc::sockaddr_in>() => {
            // SAFETY: the family says the storage holds a sockaddr_in, and sockaddr_storage is
            // large and aligned enough for any address type.
            let v4 =
                unsafe { &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            let ip = Ipv4Addr::from(u32::from_be(v4.sin_addr.s_addr));
            Some(SocketAddr::V4(SocketAddrV4::new(
                ip,
                u16::from_be(v4.sin_port),
            )))
        }
        libc::AF_INET6 if len >= size_of::<libc::sockaddr_in6>() => {
            // SAFETY: as above, for sockaddr_in6.
            let v6 = unsafe {
                &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>()
            };
            let ip = Ipv6Addr::from(v6.sin6_addr.s6_addr);
            let port = u16::from_be(v6.sin6_port);
            Some(SocketAddr::V6(SocketAddrV6::new(
                ip,
                port,
                v6.sin6_flowinfo,
                v6.sin6_scope_id,
            )))
        }
        _ => None,
    }
}
