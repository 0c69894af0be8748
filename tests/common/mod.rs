//! Shared test harness: starts the real `pestor` binary on 127.0.0.1:0 with a temporary data
//! directory and speaks plain HTTP/1.1 to it.
#![allow(dead_code)]

pub mod accounts;
pub mod client;
pub mod forms;
pub mod smtp;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A running server. Killed (and its data dir removed) when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    pub data: tempfile::TempDir,
    child: Child,
}

/// How to start a server; `TestServer::start()` uses the defaults.
#[derive(Default)]
pub struct Options {
    /// Extra command-line arguments after `serve`.
    pub args: Vec<String>,
    /// Extra environment variables.
    pub env: Vec<(String, String)>,
    /// Lower the process's open-file limit (soft and hard) before it starts.
    pub nofile_limit: Option<u64>,
    /// Reuse this data directory instead of a fresh one.
    pub data: Option<tempfile::TempDir>,
}

impl TestServer {
    pub fn start() -> TestServer {
        TestServer::start_with(Options::default())
    }

    pub fn start_with(options: Options) -> TestServer {
        let data = match options.data {
            Some(dir) => dir,
            None => tempfile::tempdir().expect("temp dir"),
        };
        let mut command = Command::new(env!("CARGO_BIN_EXE_pestor"));
        command
            .arg("serve")
            .arg("--addr")
            .arg("127.0.0.1:0")
            .arg("--data")
            .arg(data.path())
            .args(&options.args)
            .env("PESTOR_TEST_HOOKS", "1")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in &options.env {
            command.env(k, v);
        }
        if let Some(limit) = options.nofile_limit {
            use std::os::unix::process::CommandExt;
            // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
            unsafe {
                command.pre_exec(move || {
                    let rl = libc::rlimit {
                        rlim_cur: limit,
                        rlim_max: limit,
                    };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &rl) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        let mut child = command.spawn().expect("start pestor");
        let stdout = child.stdout.take().expect("stdout");
        let addr = wait_for_address(stdout);
        TestServer { addr, data, child }
    }

    /// Stops the server (SIGTERM, then waits) and hands back its data dir for a restart.
    pub fn stop(self) -> tempfile::TempDir {
        self.stop_with_status().1
    }

    /// Like [`TestServer::stop`], and also says how the process ended (a clean stop exits 0).
    pub fn stop_with_status(self) -> (std::process::ExitStatus, tempfile::TempDir) {
        self.end_with(libc::SIGTERM)
    }

    /// Kills the server with SIGKILL, as the out-of-memory killer or a crash would: no clean-up
    /// runs and the database file is left as it was at that instant. Hands back the data dir
    /// (not deleted) for a restart on the same files.
    pub fn kill_hard(self) -> tempfile::TempDir {
        self.end_with(libc::SIGKILL).1
    }

    fn end_with(mut self, signal: libc::c_int) -> (std::process::ExitStatus, tempfile::TempDir) {
        // SAFETY: kill(2) on our own child's pid, which has not been reaped yet.
        unsafe {
            libc::kill(self.child.id() as i32, signal);
        }
        let status = self.child.wait().expect("wait for the server process");
        let data = std::mem::replace(&mut self.data, tempfile::tempdir().expect("temp dir"));
        (status, data)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn data_path(&self) -> &Path {
        self.data.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn get(&self, path: &str) -> HttpResponse {
        self.request("GET", path, &[], b"")
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> HttpResponse {
        request(self.addr, method, path, headers, body)
    }
}

/// One server shared by the read-only tests of a test file. Statics are never dropped, so the
/// process is killed when the test binary exits (otherwise it would outlive the run and keep
/// its inherited output pipe open).
pub fn shared_server() -> &'static TestServer {
    static SERVER: std::sync::OnceLock<TestServer> = std::sync::OnceLock::new();
    static PID: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);
    extern "C" fn kill_shared_server() {
        let pid = PID.load(std::sync::atomic::Ordering::SeqCst);
        if pid > 0 {
            // SAFETY: kill(2) on our own child's pid.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
    }
    SERVER.get_or_init(|| {
        let server = TestServer::start();
        PID.store(server.pid() as i32, std::sync::atomic::Ordering::SeqCst);
        // SAFETY: registers a plain function to run at exit.
        unsafe {
            libc::atexit(kill_shared_server);
        }
        server
    })
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the server's stdout until it prints the address it listens on.
/// The rest of stdout is drained on a thread so the server never blocks on a full pipe.
fn wait_for_address(stdout: std::process::ChildStdout) -> SocketAddr {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let mut sent = false;
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            if !sent && let Some(addr) = parse_listening_line(&line) {
                let _ = tx.send(addr);
                sent = true;
            }
            line.clear();
        }
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the server printed its address within 60 s")
}

/// The server prints a line containing `http://127.0.0.1:PORT`.
fn parse_listening_line(line: &str) -> Option<SocketAddr> {
    let start = line.find("http://")? + "http://".len();
    let rest = &line[start..];
    let end = rest.find(['/', ' ', '\n']).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// A parsed HTTP response.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
}

/// One request on a fresh connection (`Connection: close`), with a generous liveness timeout.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> HttpResponse {
    try_request(addr, method, path, headers, body, Duration::from_secs(30))
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

pub fn try_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> std::io::Result<HttpResponse> {
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw, method == "HEAD")
}

/// Parses one HTTP/1.1 response (Content-Length, chunked, or read-to-close bodies).
pub fn parse_response(raw: &[u8], head_only: bool) -> std::io::Result<HttpResponse> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no end of headers"))?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|_| bad("head not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or_else(|| bad("no status line"))?;
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    let body = if head_only {
        Vec::new()
    } else if chunked {
        dechunk(rest).ok_or_else(|| bad("bad chunked body"))?
    } else {
        rest.to_vec()
    };
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

/// The path of the repository, for tests that read its files (README, configs).
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Sends `raw` bytes as they are on a fresh connection and returns everything the server sends
/// back until it closes the connection (for malformed or hostile requests).
pub fn raw_exchange(addr: SocketAddr, raw: &[u8], timeout: Duration) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    stream.write_all(raw)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(answer)
}
