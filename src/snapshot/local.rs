//! The local channel: how `pestor snapshot …` on the same machine reaches a running server,
//! which holds the database file (redb lets only one process open it). At start the server
//! writes `<data>/control.json` — its loopback address, a fresh random token and its process id —
//! readable by the owner only; `GET /api/local/snapshot` answers a fresh full snapshot to a
//! loopback client that shows that token. The file is removed at clean shutdown.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::auth::{constant_time_eq, new_token};

/// The file in the data directory.
pub const CONTROL_FILE: &str = "control.json";
/// The route of the running server that hands out a fresh full snapshot.
pub const LOCAL_SNAPSHOT_PATH: &str = "/api/local/snapshot";

/// What `control.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Control {
    /// e.g. "http://127.0.0.1:8080".
    pub url: String,
    /// 64 hex characters, new at every start.
    pub token: String,
    #[serde(default)]
    pub pid: u32,
}

/// The token of this run and where its control file goes.
pub struct LocalChannel {
    token: String,
    path: PathBuf,
}

impl LocalChannel {
    /// A channel with a fresh token for the data directory `data_dir` (nothing is written yet).
    pub fn new(data_dir: &Path) -> Result<LocalChannel, String> {
        let token =
            new_token().map_err(|e| format!("nie można wylosować tokenu kanału lokalnego: {e}"))?;
        Ok(LocalChannel {
            token,
            path: data_dir.join(CONTROL_FILE),
        })
    }

    /// Whether `token` is this run's token (compared in constant time).
    pub fn accepts(&self, token: &str) -> bool {
        constant_time_eq(token.as_bytes(), self.token.as_bytes())
    }

    /// Writes `control.json` (mode 0600, through a temporary name and a rename) for a server
    /// listening on `listen`. Returns `false` without writing when the server cannot be reached
    /// over loopback (it listens on one other address only).
    pub fn write(&self, listen: SocketAddr) -> Result<bool, String> {
        let Some(url) = loopback_url(listen) else {
            return Ok(false);
        };
        let control = Control {
            url,
            token: self.token.clone(),
            pid: std::process::id(),
        };
        let json = serde_json::to_vec_pretty(&control).map_err(|e| e.to_string())?;
        let temporary = self
            .path
            .with_file_name(format!("{CONTROL_FILE}.{}.tmp", std::process::id()));
        let written = (|| {
            use std::os::unix::fs::OpenOptionsExt;
            let _ = std::fs::remove_file(&temporary);
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&temporary)?;
            file.write_all(&json)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            std::fs::rename(&temporary, &self.path)
        })();
        written.map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            format!("nie można zapisać pliku {}: {e}", self.path.display())
        })?;
        Ok(true)
    }

    /// Removes `control.json` if it is still this run's.
    pub fn remove(&self) {
        let ours = std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Control>(&bytes).ok())
            .is_some_and(|c| self.accepts(&c.token));
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The loopback URL of a server listening on `listen`: the address itself when it is a loopback
/// one, the loopback of the same family when the server listens on every address.
fn loopback_url(listen: SocketAddr) -> Option<String> {
    let ip = match listen.ip() {
        ip if ip.is_loopback() => ip,
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        _ => return None,
    };
    Some(format!("http://{}", SocketAddr::new(ip, listen.port())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_control_file_is_private_and_removed_only_when_ours() {
        let dir = tempfile::tempdir().unwrap();
        let channel = LocalChannel::new(dir.path()).unwrap();
        assert!(channel.write("127.0.0.1:8080".parse().unwrap()).unwrap());
        let path = dir.path().join(CONTROL_FILE);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let control: Control = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(control.url, "http://127.0.0.1:8080");
        assert_eq!(control.pid, std::process::id());
        assert!(crate::auth::is_token(&control.token));
        assert!(channel.accepts(&control.token));
        assert!(!channel.accepts(&control.token[1..]));
        assert!(!channel.accepts(""));
        // Nothing but the file itself is left in the directory.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        // A newer run's file is not removed by an older run.
        let other = LocalChannel::new(dir.path()).unwrap();
        other.write("127.0.0.1:8081".parse().unwrap()).unwrap();
        channel.remove();
        assert!(path.exists());
        other.remove();
        assert!(!path.exists());
    }

    #[test]
    fn the_url_is_always_a_loopback_one() {
        let url = |a: &str| loopback_url(a.parse().unwrap());
        assert_eq!(url("127.0.0.1:80").unwrap(), "http://127.0.0.1:80");
        assert_eq!(url("0.0.0.0:8080").unwrap(), "http://127.0.0.1:8080");
        assert_eq!(url("[::]:8080").unwrap(), "http://[::1]:8080");
        assert_eq!(url("[::1]:8080").unwrap(), "http://[::1]:8080");
        assert_eq!(url("192.168.1.5:8080"), None);
        let dir = tempfile::tempdir().unwrap();
        let channel = LocalChannel::new(dir.path()).unwrap();
        assert!(!channel.write("192.168.1.5:8080".parse().unwrap()).unwrap());
        assert!(!dir.path().join(CONTROL_FILE).exists());
    }
}
