//! The HTTP edge against the real binary: hostile and broken clients must never stop the server
//! from answering a well-behaved one (DESIGN §3.3, STACK "The HTTP edge").

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use common::{Options, TestServer, parse_response, raw_exchange, try_request};

/// How quickly a well-behaved client must be answered while others misbehave.
const PROMPT: Duration = Duration::from_secs(2);

/// A well-behaved client: `GET /` must give 200 within `PROMPT`.
fn assert_prompt(server: &TestServer) {
    let started = Instant::now();
    let response = try_request(server.addr, "GET", "/", &[], b"", PROMPT)
        .unwrap_or_else(|e| panic!("GET / not answered within {PROMPT:?}: {e}"));
    assert_eq!(response.status, 200);
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("read timeout");
    stream
}

fn status_of(raw: &[u8]) -> u16 {
    parse_response(raw, true).map(|r| r.status).unwrap_or(0)
}

/// Reads one response head from a connection that stays open; its status.
fn read_head(stream: &mut TcpStream) -> u16 {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            other => panic!("response head cut short: {other:?}"),
        }
    }
    status_of(&head)
}

#[test]
fn a_normal_get_is_answered() {
    let server = TestServer::start();
    assert_prompt(&server);
}

#[test]
fn a_panicking_handler_gives_500_and_the_server_answers_on() {
    let server = TestServer::start();
    // More panics than there are workers: none of them may die.
    for _ in 0..12 {
        assert_eq!(server.get("/__test/panic").status, 500);
    }
    assert_prompt(&server);
}

#[test]
fn an_announced_huge_body_is_413_and_silent_clients_block_nobody() {
    let server = TestServer::start();
    let huge = b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000000000\r\n\r\n";
    let mut first = connect(server.addr);
    first.write_all(huge).expect("send");
    assert_eq!(read_head(&mut first), 413);
    let silent: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = connect(server.addr);
            stream.write_all(huge).expect("send");
            stream
        })
        .collect();
    thread::sleep(Duration::from_millis(200));
    for _ in 0..3 {
        assert_prompt(&server);
    }
    drop((first, silent));
}

#[test]
fn clients_that_never_send_their_body_block_nobody() {
    let server = TestServer::start();
    // More silent clients than workers, announcing bodies within the size limit.
    let silent: Vec<TcpStream> = (0..12)
        .map(|n| {
            let mut stream = connect(server.addr);
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
        assert_prompt(&server);
    }
    drop(silent);
}

#[test]
fn ambiguous_framing_is_refused_with_400() {
    let server = TestServer::start();
    let cases = [
        "Content-Length: 4\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked, gzip",
    ];
    for headers in cases {
        let raw = format!("POST / HTTP/1.1\r\nHost: t\r\n{headers}\r\n\r\n0\r\n\r\n");
        let answer =
            raw_exchange(server.addr, raw.as_bytes(), Duration::from_secs(10)).expect("answered");
        assert_eq!(status_of(&answer), 400, "{headers}");
    }
    assert_prompt(&server);
}

#[test]
fn clients_pipelining_without_reading_block_nobody() {
    let server = TestServer::start();
    let burst = "GET / HTTP/1.1\r\nHost: t\r\n\r\n".repeat(200);
    let attackers: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = connect(server.addr);
            stream.write_all(burst.as_bytes()).expect("send burst");
            stream
        })
        .collect();
    thread::sleep(Duration::from_millis(300));
    for _ in 0..5 {
        assert_prompt(&server);
    }
    drop(attackers);
}

#[test]
fn half_open_connections_block_nobody_and_are_reaped() {
    let server = TestServer::start_with(Options {
        args: vec!["--idle-timeout".to_string(), "2".to_string()],
        ..Options::default()
    });
    // Half send nothing, half stop inside the request line.
    let idle: Vec<TcpStream> = (0..300)
        .map(|n| {
            let mut stream = connect(server.addr);
            if n % 2 == 0 {
                stream.write_all(b"GET / HT").expect("send");
            }
            stream
        })
        .collect();
    thread::sleep(Duration::from_millis(300));
    for _ in 0..3 {
        assert_prompt(&server);
    }
    // After the idle timeout the server closes them: every read ends (EOF or reset).
    let deadline = Instant::now() + Duration::from_secs(15);
    for mut stream in idle {
        let left = deadline.saturating_duration_since(Instant::now());
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(10))))
            .expect("timeout");
        let mut buf = [0u8; 512];
        let closed = loop {
            match stream.read(&mut buf) {
                Ok(0) => break true,
                Ok(_) => continue, // a 400 for the cut request line, then the close
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break true,
                Err(_) => break false,
            }
        };
        assert!(closed, "an idle connection was not reaped within 15 s");
    }
}

/// Opens keep-alive connections until the server cannot accept more (its open-file limit is
/// low), closes them, and expects the server to accept and answer again.
#[test]
fn the_server_accepts_again_after_running_out_of_descriptors() {
    let server = TestServer::start_with(Options {
        nofile_limit: Some(160),
        ..Options::default()
    });
    assert_prompt(&server);
    let mut held = Vec::new();
    let exhausted = loop {
        assert!(held.len() < 500, "the server never ran out of descriptors");
        match keep_alive_get(server.addr) {
            Some(stream) => held.push(stream),
            None => break held.len(),
        }
    };
    assert!(
        exhausted > 10,
        "only {exhausted} connections before failing"
    );
    drop(held);
    let closed = Instant::now();
    let recovered = loop {
        if try_request(server.addr, "GET", "/", &[], b"", PROMPT).is_ok_and(|r| r.status == 200) {
            break closed.elapsed();
        }
        assert!(
            closed.elapsed() < Duration::from_secs(15),
            "not accepting again 15 s after the descriptors were freed"
        );
        thread::sleep(Duration::from_millis(100));
    };
    assert!(
        recovered < Duration::from_secs(10),
        "recovered after {recovered:?}"
    );
    assert_prompt(&server);
}

/// A connection that got an answer to one keep-alive request, or `None` if it got none.
fn keep_alive_get(addr: SocketAddr) -> Option<TcpStream> {
    let mut stream = TcpStream::connect_timeout(&addr, PROMPT).ok()?;
    stream.set_read_timeout(Some(PROMPT)).ok()?;
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        .ok()?;
    let mut first = [0u8; 12];
    stream.read_exact(&mut first).ok()?;
    first.starts_with(b"HTTP/1.1 200").then_some(stream)
}
