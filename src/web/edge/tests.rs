//! Tests of the edge with a tiny handler, speaking raw TCP to 127.0.0.1:0.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use super::convert::{Rejection, read_capped, split_target};
use super::{Edge, EdgeConfig, raise_fd_limit, watchdog};
use crate::web::http::{Handler, Method, Request, Response};

const LARGE: usize = 200 * 1024;
/// How quickly a well-behaved client must be answered while others misbehave.
const PROMPT: Duration = Duration::from_secs(2);

struct TestHandler;

impl Handler for TestHandler {
    fn handle(&self, request: Request) -> Response {
        match (request.method, request.path.as_str()) {
            (Method::Other, _) => Response::text(405, "method not allowed"),
            (_, "/panic") => panic!("the test handler panics on purpose"),
            (_, "/large") => Response::new(200, "application/octet-stream", vec![b'x'; LARGE]),
            (_, "/slow") => {
                thread::sleep(Duration::from_millis(500));
                Response::text(200, "slow")
            }
            (_, "/len" | "/upload") => Response::text(200, &request.body.len().to_string()),
            (_, "/inject") => {
                Response::text(200, "inject").with_header("X-Test", "a\r\nSet-Cookie: evil=1")
            }
            _ => Response::text(200, &echo(&request)),
        }
    }

    fn error_page(&self, status: u16) -> Response {
        Response::text(status, &format!("error page {status}"))
    }

    fn takes_uploads(&self, method: Method, path: &str) -> bool {
        method == Method::Post && path == "/upload"
    }
}

fn echo(request: &Request) -> String {
    format!(
        "{:?} {} q={} ua={} body={}",
        request.method,
        request.path,
        request.query,
        request.header("user-agent").unwrap_or("-"),
        String::from_utf8_lossy(&request.body)
    )
}

fn start(config: EdgeConfig) -> Edge {
    let _ = env_logger::builder().is_test(true).try_init();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    Edge::start(listener, config, Arc::new(TestHandler)).expect("edge starts")
}

fn small(workers: usize) -> EdgeConfig {
    EdgeConfig {
        workers,
        ..EdgeConfig::default()
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("read timeout");
    stream
}

/// Sends `raw` on a fresh connection and reads until the server closes it.
fn exchange(addr: SocketAddr, raw: &str) -> (u16, String) {
    let mut stream = connect(addr);
    stream.write_all(raw.as_bytes()).expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read answer");
    parse(&answer)
}

fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    exchange(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: t\r\nUser-Agent: test\r\nConnection: close\r\n\r\n"),
    )
}

/// A well-behaved client: must get 200 for `/` within `PROMPT`.
fn assert_prompt(addr: SocketAddr) {
    let started = Instant::now();
    let mut stream = TcpStream::connect_timeout(&addr, PROMPT).expect("connect");
    stream.set_read_timeout(Some(PROMPT)).expect("read timeout");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("answered in time");
    assert_eq!(parse(&answer).0, 200);
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());
}

/// Status and body of one response in `raw`.
fn parse(raw: &[u8]) -> (u16, String) {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

/// Reads exactly one response (head plus Content-Length body) from a connection left open.
fn read_one(stream: &mut TcpStream) -> (u16, String) {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).expect("read head");
        assert_eq!(n, 1, "connection closed inside the head");
        raw.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&raw).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("read body");
    raw.extend_from_slice(&body);
    parse(&raw)
}

/// Our server's connections still open (each counted once, not per descriptor).
fn open_connections(edge: &Edge) -> usize {
    let mut count = 0;
    super::sockets::for_each_connection(edge.local_addr().port(), |_| count += 1)
        .expect("list /proc/self/fd");
    count
}

fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        thread::sleep(Duration::from_millis(50));
    }
    done()
}

#[test]
fn get_reaches_the_handler_with_path_query_and_headers() {
    let edge = start(small(2));
    let (status, body) = get(edge.local_addr(), "/hello?a=1&b=%C5%82");
    assert_eq!(status, 200);
    assert_eq!(body, "Get /hello q=a=1&b=%C5%82 ua=test body=");
    edge.shutdown();
}

#[test]
fn post_bodies_arrive_whole() {
    let edge = start(small(2));
    let addr = edge.local_addr();
    let (status, body) = exchange(
        addr,
        "POST /form HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    );
    assert_eq!(
        (status, body.as_str()),
        (200, "Post /form q= ua=- body=hello")
    );
    let (status, body) = exchange(
        addr,
        "POST /form HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n",
    );
    assert_eq!(
        (status, body.as_str()),
        (200, "Post /form q= ua=- body=hello")
    );
    edge.shutdown();
}

#[test]
fn unknown_methods_reach_the_handler() {
    let edge = start(small(2));
    let (status, _) = exchange(
        edge.local_addr(),
        "BREW /pot HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 405);
    edge.shutdown();
}

#[test]
fn a_panic_is_a_500_and_the_worker_lives_on() {
    // One worker: if it died, the second request would never be answered.
    let edge = start(small(1));
    let addr = edge.local_addr();
    for _ in 0..2 {
        assert_eq!(get(addr, "/panic"), (500, "error page 500".to_string()));
        assert_eq!(get(addr, "/").0, 200);
    }
    edge.shutdown();
}

#[test]
fn response_headers_cannot_inject_lines() {
    let edge = start(small(1));
    let mut stream = connect(edge.local_addr());
    stream
        .write_all(b"GET /inject HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read");
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    assert!(!raw.to_ascii_lowercase().contains("set-cookie"), "{raw}");
    edge.shutdown();
}

#[test]
fn an_announced_huge_body_is_413_and_silent_clients_block_nobody() {
    // Four workers, as in the measurements: four silent clients must not pin them.
    let edge = start(small(4));
    let addr = edge.local_addr();
    let huge = "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000000000\r\n\r\n";
    let mut first = connect(addr);
    first.write_all(huge.as_bytes()).expect("send");
    assert_eq!(read_one(&mut first), (413, "error page 413".to_string()));
    assert_prompt(addr);
    let silent: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = connect(addr);
            stream.write_all(huge.as_bytes()).expect("send");
            stream
        })
        .collect();
    thread::sleep(Duration::from_millis(200));
    for _ in 0..3 {
        assert_prompt(addr);
    }
    drop(silent);
    edge.shutdown();
}

#[test]
fn bodies_over_the_cap_are_413_whether_announced_or_chunked() {
    let edge = start(EdgeConfig {
        workers: 2,
        max_body_bytes: 1000,
        ..EdgeConfig::default()
    });
    let addr = edge.local_addr();
    let announced = format!(
        "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\nConnection: close\r\n\r\n{}",
        "a".repeat(2000)
    );
    assert_eq!(exchange(addr, &announced).0, 413);
    let chunked = |n: usize| {
        format!(
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{n:x}\r\n{}\r\n0\r\n\r\n",
            "a".repeat(n)
        )
    };
    assert_eq!(exchange(addr, &chunked(2000)).0, 413);
    assert_eq!(exchange(addr, &chunked(1000)).0, 200);
    edge.shutdown();
}

#[test]
fn bodies_not_yet_in_memory_are_read_whole() {
    let edge = start(small(2));
    let addr = edge.local_addr();
    let body = "b".repeat(50_000);
    let announced = format!(
        "POST /len HTTP/1.1\r\nHost: t\r\nContent-Length: 50000\r\nConnection: close\r\n\r\n{body}"
    );
    assert_eq!(exchange(addr, &announced), (200, "50000".to_string()));
    let chunked = format!(
        "POST /len HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    );
    assert_eq!(exchange(addr, &chunked), (200, "50000".to_string()));
    let continued = "POST /len HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\nhello";
    let (status, body) = exchange(addr, continued);
    assert_eq!(status, 100);
    assert!(body.ends_with("\r\n\r\n5"), "{body}");
    edge.shutdown();
}

#[test]
fn clients_that_never_send_their_body_block_nobody() {
    let edge = start(small(2));
    let addr = edge.local_addr();
    let silent: Vec<TcpStream> = (0..6)
        .map(|n| {
            let mut stream = connect(addr);
            let framing = if n % 2 == 0 {
                "Content-Length: 100000"
            } else {
                "Transfer-Encoding: chunked"
            };
            let head = format!("POST / HTTP/1.1\r\nHost: t\r\n{framing}\r\n\r\n");
            stream.write_all(head.as_bytes()).expect("send");
            stream
        })
        .collect();
    thread::sleep(Duration::from_millis(200));
    for _ in 0..3 {
        assert_prompt(addr);
    }
    drop(silent);
    edge.shutdown();
}

#[test]
fn ambiguous_framing_is_refused_with_400() {
    let edge = start(small(2));
    let addr = edge.local_addr();
    let cases = [
        "Content-Length: 4\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked, gzip",
        "Transfer-Encoding: xchunked",
    ];
    for headers in cases {
        let raw = format!("POST / HTTP/1.1\r\nHost: t\r\n{headers}\r\n\r\n0\r\n\r\n");
        assert_eq!(exchange(addr, &raw).0, 400, "{headers}");
    }
    assert_prompt(addr);
    edge.shutdown();
}

#[test]
fn clients_pipelining_without_reading_block_nobody() {
    let edge = start(small(4));
    let addr = edge.local_addr();
    let burst = "GET /large HTTP/1.1\r\nHost: t\r\n\r\n".repeat(200);
    let attackers: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = connect(addr);
            stream.write_all(burst.as_bytes()).expect("send burst");
            stream
        })
        .collect();
    thread::sleep(Duration::from_millis(300));
    for _ in 0..5 {
        assert_prompt(addr);
    }
    // The non-readers are cut off, and their responders end.
    let settled = wait_until(Duration::from_secs(5), || {
        edge.shared.responders.running() == 0 && open_connections(&edge) == 0
    });
    assert!(
        settled,
        "{} responders, {} connections",
        edge.shared.responders.running(),
        open_connections(&edge)
    );
    drop(attackers);
    edge.shutdown();
}

#[test]
fn at_the_responder_cap_non_readers_are_cut_off() {
    // Each attacker stays under the per-connection limit, but sends more than the socket
    // buffers absorb (about 4 MiB here); together they exceed the cap.
    let edge = start(EdgeConfig {
        workers: 2,
        max_responders: 8,
        ..EdgeConfig::default()
    });
    let addr = edge.local_addr();
    let burst = "GET /large HTTP/1.1\r\nHost: t\r\n\r\n".repeat(30);
    let attackers: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = connect(addr);
            stream.write_all(burst.as_bytes()).expect("send burst");
            stream
        })
        .collect();
    thread::sleep(Duration::from_millis(300));
    for _ in 0..3 {
        assert_prompt(addr);
    }
    drop(attackers);
    edge.shutdown();
}

#[test]
fn pipelined_bodies_without_reading_block_nobody() {
    let edge = start(small(2));
    let addr = edge.local_addr();
    let body = "b".repeat(5000);
    let post = format!("POST /len HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n{body}");
    let get = "GET /large HTTP/1.1\r\nHost: t\r\n\r\n";
    let burst = format!("{post}{get}").repeat(40);
    let attackers: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = connect(addr);
            stream.write_all(burst.as_bytes()).expect("send burst");
            stream
        })
        .collect();
    thread::sleep(Duration::from_millis(300));
    for _ in 0..3 {
        assert_prompt(addr);
    }
    let settled = wait_until(Duration::from_secs(5), || {
        edge.shared.responders.running() == 0 && open_connections(&edge) == 0
    });
    assert!(settled, "{} responders", edge.shared.responders.running());
    drop(attackers);
    edge.shutdown();
}

#[test]
fn accepted_connections_do_not_wait_for_delayed_acks() {
    let edge = start(small(1));
    let mut stream = connect(edge.local_addr());
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        .expect("send");
    assert_eq!(read_one(&mut stream).0, 200);
    let mut connections = Vec::new();
    super::sockets::for_each_connection(edge.local_addr().port(), |c| {
        connections.push(c.nodelay())
    })
    .expect("list /proc/self/fd");
    assert_eq!(connections, vec![true]);
    drop(stream);
    edge.shutdown();
}

#[test]
fn idle_connections_are_reaped() {
    let edge = start(EdgeConfig {
        workers: 2,
        idle_timeout: Duration::from_secs(3),
        ..EdgeConfig::default()
    });
    let addr = edge.local_addr();
    // Half send nothing, half stop inside the request line.
    let idle: Vec<TcpStream> = (0..300)
        .map(|n| {
            let mut stream = connect(addr);
            if n % 2 == 0 {
                stream.write_all(b"GET / HT").expect("send");
            }
            stream
        })
        .collect();
    // All are accepted and held before the first can be idle for long enough.
    assert!(
        wait_until(Duration::from_secs(3), || open_connections(&edge) >= 300),
        "accepted: {}",
        open_connections(&edge)
    );
    assert_prompt(addr);
    assert!(
        wait_until(Duration::from_secs(8), || open_connections(&edge) == 0),
        "still open: {}",
        open_connections(&edge)
    );
    // The clients see the connection end.
    let mut sample = &idle[1];
    let mut buffer = [0u8; 64];
    assert_eq!(sample.read(&mut buffer).expect("read after reaping"), 0);
    assert_prompt(addr);
    drop(idle);
    edge.shutdown();
}

#[test]
fn a_replaced_generation_still_serves_its_connections() {
    let edge = start(small(2));
    let addr = edge.local_addr();
    let mut kept = connect(addr);
    let request = b"GET /kept HTTP/1.1\r\nHost: t\r\n\r\n";
    kept.write_all(request).expect("send");
    assert_eq!(read_one(&mut kept).0, 200);
    let id = watchdog::start_next(&edge.shared).expect("new generation");
    assert_eq!(edge.shared.current().id, id);
    assert_prompt(addr);
    kept.write_all(request).expect("send again");
    assert_eq!(read_one(&mut kept).0, 200);
    edge.shutdown();
}

#[test]
fn the_watchdog_replaces_a_dead_accept_thread() {
    let edge = start(small(2));
    let addr = edge.local_addr();
    let first = edge.shared.current();
    // Put /dev/null in place of the descriptor the crate's accept thread owns: its next
    // accept() fails and the thread ends, as it does when descriptors run out.
    let null = std::fs::File::open("/dev/null").expect("open /dev/null");
    // SAFETY: dup2 atomically replaces a descriptor that the old generation owns; the
    // listening socket stays open through our own descriptor.
    let rc = unsafe { libc::dup2(std::os::fd::AsRawFd::as_raw_fd(&null), first.listener_fd()) };
    assert!(rc >= 0);
    // The accept thread is blocked in accept(); this connection wakes it up.
    let _ = get(addr, "/");
    assert!(
        wait_until(Duration::from_secs(3), || edge.shared.current().id
            != first.id),
        "no new generation"
    );
    for _ in 0..3 {
        assert_prompt(addr);
    }
    edge.shutdown();
}

#[test]
fn shutdown_lets_requests_in_flight_finish() {
    let edge = start(small(2));
    let addr = edge.local_addr();
    let slow = thread::spawn(move || get(addr, "/slow"));
    thread::sleep(Duration::from_millis(150));
    let started = Instant::now();
    edge.shutdown();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        slow.join().expect("client thread"),
        (200, "slow".to_string())
    );
    assert!(TcpStream::connect(addr).is_err() || get_fails(addr));
}

/// After shutdown a connection may still be queued by the kernel, but nobody answers it.
fn get_fails(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return true;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    let mut buffer = [0u8; 16];
    !matches!(stream.read(&mut buffer), Ok(n) if n > 0)
}

#[test]
fn targets_split_into_path_and_query() {
    assert_eq!(split_target("/a/b?x=1&y"), ("/a/b".into(), "x=1&y".into()));
    assert_eq!(split_target("/a"), ("/a".into(), String::new()));
    assert_eq!(split_target("/a?"), ("/a".into(), String::new()));
    assert_eq!(split_target("/a?b?c"), ("/a".into(), "b?c".into()));
}

#[test]
fn capped_reads_accept_exactly_the_cap() {
    let read = |n: usize| read_capped(&mut vec![b'a'; n].as_slice(), 10, n);
    assert_eq!(read(10).map(|b| b.len()), Ok(10));
    assert_eq!(read(11), Err(Rejection::TooLarge));
    assert_eq!(read(0).map(|b| b.len()), Ok(0));
}

#[test]
fn the_fd_limit_is_raised_to_the_hard_limit() {
    let soft = raise_fd_limit();
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we own.
    assert_eq!(
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) },
        0
    );
    assert_eq!(soft, limit.rlim_cur);
    assert_eq!(limit.rlim_cur, limit.rlim_max);
}

fn uploads(max_uploads: usize) -> EdgeConfig {
    EdgeConfig {
        workers: 2,
        max_body_bytes: 1000,
        max_upload_bytes: 5000,
        max_uploads,
        ..EdgeConfig::default()
    }
}

/// A POST of `length` bytes to `path` with `content_type`, whole, on a fresh connection.
fn post_sized(addr: SocketAddr, path: &str, content_type: &str, length: usize) -> (u16, String) {
    exchange(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n{}",
            "a".repeat(length)
        ),
    )
}

const MULTIPART: &str = "multipart/form-data; boundary=x";

#[test]
fn only_multipart_posts_to_upload_routes_may_send_more() {
    let edge = start(uploads(2));
    let addr = edge.local_addr();
    assert_eq!(
        post_sized(addr, "/upload", MULTIPART, 3000),
        (200, "3000".to_string())
    );
    assert_eq!(
        post_sized(addr, "/upload?x=1", MULTIPART, 5000),
        (200, "5000".to_string())
    );
    let refused = (413, "error page 413".to_string());
    assert_eq!(post_sized(addr, "/upload", MULTIPART, 5001), refused);
    assert_eq!(
        post_sized(addr, "/upload", "application/x-www-form-urlencoded", 3000),
        refused
    );
    assert_eq!(post_sized(addr, "/len", MULTIPART, 3000), refused);
    assert_eq!(
        post_sized(addr, "/len", MULTIPART, 900),
        (200, "900".to_string())
    );
    // A chunked upload is held to the upload cap as it arrives.
    let chunked = |size: usize| {
        exchange(
            addr,
            &format!(
                "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Type: {MULTIPART}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{size:x}\r\n{}\r\n0\r\n\r\n",
                "b".repeat(size)
            ),
        )
    };
    assert_eq!(chunked(4000), (200, "4000".to_string()));
    assert_eq!(chunked(6000), refused);
    assert_prompt(addr);
    edge.shutdown();
}

#[test]
fn uploads_beyond_the_slots_get_503_and_slots_come_back() {
    let edge = start(uploads(1));
    let addr = edge.local_addr();
    // The first upload announces 4000 bytes and sends half: it holds the only slot.
    let mut first = connect(addr);
    first
        .write_all(
            format!(
                "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Type: {MULTIPART}\r\nContent-Length: 4000\r\n\r\n{}",
                "a".repeat(2000)
            )
            .as_bytes(),
        )
        .expect("send");
    thread::sleep(Duration::from_millis(200));
    assert_eq!(
        post_sized(addr, "/upload", MULTIPART, 3000),
        (503, "error page 503".to_string())
    );
    // Small uploads fit the ordinary cap and need no slot; other requests are not affected.
    assert_eq!(
        post_sized(addr, "/upload", MULTIPART, 800),
        (200, "800".to_string())
    );
    assert_prompt(addr);
    first.write_all("a".repeat(2000).as_bytes()).expect("send");
    assert_eq!(read_one(&mut first), (200, "4000".to_string()));
    assert!(wait_until(Duration::from_secs(5), || {
        post_sized(addr, "/upload", MULTIPART, 3000) == (200, "3000".to_string())
    }));
    edge.shutdown();
}

/// A browser opens several keep-alive connections at once for a page's styles and scripts.
/// Each connection holds one of the crate's connection threads for as long as it stays open,
/// and the crate hands a new connection to an idle thread only by counting idle threads: a
/// burst used to leave a connection queued behind the open ones, unread until one closed.
#[test]
fn a_burst_of_keep_alive_connections_is_served_at_once() {
    let edge = start(small(4));
    let addr = edge.local_addr();
    let mut open = Vec::new();
    for round in 0..10 {
        let barrier = Arc::new(std::sync::Barrier::new(8));
        let clients: Vec<_> = (0..8)
            .map(|n| {
                let barrier = Arc::clone(&barrier);
                thread::spawn(move || {
                    barrier.wait();
                    let mut stream = TcpStream::connect(addr).expect("connect");
                    stream.set_read_timeout(Some(PROMPT)).expect("timeout");
                    let request = format!("GET /r{round}c{n} HTTP/1.1\r\nHost: t\r\n\r\n");
                    stream.write_all(request.as_bytes()).expect("send");
                    let (status, body) = read_one(&mut stream);
                    assert_eq!(status, 200, "round {round}, client {n}");
                    assert!(body.contains(&format!("/r{round}c{n}")), "{body}");
                    stream
                })
            })
            .collect();
        for client in clients {
            // Kept open, as a browser keeps its connections for the next page.
            open.push(
                client
                    .join()
                    .expect("answered while other connections stay open"),
            );
        }
    }
}
