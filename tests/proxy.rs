//! nginx from Debian in front of the server, with the configuration the README gives
//! (scripts/nginx/pestor.conf): it passes pages through and refuses what pestor cannot police.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestServer, repo_path, try_request};

struct Nginx {
    child: Child,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts nginx with the README's server block, pointed at `backend`.
fn start_nginx(backend: SocketAddr) -> Nginx {
    let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("nginx missing: `apt-get install nginx` (.ci/run installs it)");
    let site = std::fs::read_to_string(repo_path("scripts/nginx/pestor.conf")).unwrap();
    let port = free_port();
    let site = site
        .replace("server 127.0.0.1:8080;", &format!("server {backend};"))
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let user = if unsafe { libc::geteuid() } == 0 {
        "user root;"
    } else {
        ""
    };
    let config = format!(
        "{user}\ndaemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n access_log off;\n client_body_temp_path {d}/body;\n proxy_temp_path {d}/proxy;\n\
         fastcgi_temp_path {d}/fastcgi;\n uwsgi_temp_path {d}/uwsgi;\n scgi_temp_path {d}/scgi;\n{site}\n}}\n"
    );
    let config_path = dir.path().join("nginx.conf");
    std::fs::write(&config_path, config).unwrap();
    let child = Command::new(nginx)
        .arg("-c")
        .arg(&config_path)
        .arg("-p")
        .arg(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start nginx");
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(addr).is_err() {
        assert!(Instant::now() < deadline, "nginx did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Nginx {
        child,
        addr,
        _dir: dir,
    }
}

/// Sends raw bytes and returns the status code of the answer.
fn raw_status(addr: SocketAddr, request: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf);
    text.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_readme_shows_the_tested_configuration() {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let config = std::fs::read_to_string(repo_path("scripts/nginx/pestor.conf")).unwrap();
    assert!(
        readme.contains(config.trim()),
        "README must show scripts/nginx/pestor.conf verbatim"
    );
}

#[test]
fn nginx_passes_pages_and_refuses_what_pestor_cannot_police() {
    let server = TestServer::start();
    let nginx = start_nginx(server.addr);

    let page = try_request(
        nginx.addr,
        "GET",
        "/podmioty?q=fundacja",
        &[],
        b"",
        Duration::from_secs(10),
    )
    .unwrap();
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Znaleziono"));
    assert!(page.header("content-security-policy").is_some());
    let asset = try_request(
        nginx.addr,
        "GET",
        "/static/css/site.css",
        &[],
        b"",
        Duration::from_secs(10),
    )
    .unwrap();
    assert_eq!(asset.status, 200);

    let duplicate_length = b"POST /podmioty HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello!";
    assert_eq!(raw_status(nginx.addr, duplicate_length), 400);

    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let status = raw_status(nginx.addr, long_header.as_bytes());
    assert!(status == 400 || status == 431 || status == 494, "{status}");

    let oversized = b"POST /podmioty HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\nConnection: close\r\n\r\n";
    assert_eq!(raw_status(nginx.addr, oversized), 413);

    let smuggling = b"POST /podmioty HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n";
    assert_eq!(raw_status(nginx.addr, smuggling), 400);

    // pestor is still fine behind it.
    let again = try_request(nginx.addr, "GET", "/", &[], b"", Duration::from_secs(10)).unwrap();
    assert_eq!(again.status, 200);
}
