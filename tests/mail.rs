//! E-mail delivery end to end: the outbox in a real store, the background sender, and a real
//! SMTP conversation with a minimal SMTP sink on loopback written here. The received message is
//! taken apart like a mail client would (MIME parts, quoted-printable or base64, RFC 2047
//! subject) and the verification link is read back out of it.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pestor::domain::mail::{MailId, MailStatus, OutgoingMail, RetryPolicy};
use pestor::domain::now;
use pestor::domain::settings::{SmtpSecurity, SmtpSettings};
use pestor::mail::messages::{self, MailSite};
use pestor::mail::{MailSender, SenderOptions, Wakeup};
use pestor::store::Store;

const TOKEN: &str = "5f0c1e9a7b3d24680acebdf13579bdf02468ace13579bdf02468ace13579bdf0";
const BASE_URL: &str = "http://127.0.0.1:8080";
const DAY: i64 = 24 * 60 * 60;

// ---------------------------------------------------------------------------------------------
// A minimal SMTP sink.

/// One message as the sink received it.
#[derive(Debug, Clone)]
struct Received {
    from: String,
    to: Vec<String>,
    data: String,
}

/// Speaks just enough SMTP (greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps
/// every message it accepted.
struct Sink {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    stopping: Arc<AtomicBool>,
}

impl Sink {
    fn start() -> Sink {
        Sink::on(TcpListener::bind("127.0.0.1:0").unwrap())
    }

    fn on(listener: TcpListener) -> Sink {
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let stopping = Arc::new(AtomicBool::new(false));
        let (store, stop) = (received.clone(), stopping.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let store = store.clone();
                std::thread::spawn(move || {
                    let _ = converse(stream, &store);
                });
            }
        });
        Sink {
            addr,
            received,
            stopping,
        }
    }

    fn port(&self) -> u16 {
        self.addr.port()
    }

    fn messages(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Unblocks the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn converse(stream: TcpStream, received: &Mutex<Vec<Received>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 sink.test ESMTP ready\r\n")?;
    let mut from = String::new();
    let mut to = Vec::new();
    loop {
        let mut line = String::new();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" => out.write_all(b"250-sink.test greets you\r\n250 8BITMIME\r\n")?,
            "HELO" => out.write_all(b"250 sink.test\r\n")?,
            "MAIL" => {
                from = angle_address(&command);
                to.clear();
                out.write_all(b"250 2.1.0 OK\r\n")?;
            }
            "RCPT" => {
                to.push(angle_address(&command));
                out.write_all(b"250 2.1.5 OK\r\n")?;
            }
            "DATA" => {
                out.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
                let mut data = String::new();
                loop {
                    let mut line = String::new();
                    if lines.read_line(&mut line)? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    // Dot-stuffing: a leading dot was doubled by the client.
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                received.lock().unwrap().push(Received {
                    from: from.clone(),
                    to: to.clone(),
                    data,
                });
                out.write_all(b"250 2.0.0 OK queued\r\n")?;
            }
            "RSET" | "NOOP" => out.write_all(b"250 OK\r\n")?,
            "QUIT" => {
                out.write_all(b"221 Bye\r\n")?;
                return Ok(());
            }
            _ => out.write_all(b"502 5.5.2 Command not implemented\r\n")?,
        }
    }
}

fn angle_address(command: &str) -> String {
    match (command.find('<'), command.find('>')) {
        (Some(start), Some(end)) if start < end => command[start + 1..end].to_string(),
        _ => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a received message as a mail client would.

/// A decoded MIME leaf part: its content type and its text.
struct Part {
    content_type: String,
    text: String,
}

/// Splits at the blank line and unfolds the header lines; names are lower-cased.
fn split_headers(entity: &str) -> (Vec<(String, String)>, &str) {
    let (head, body) = entity
        .split_once("\r\n\r\n")
        .expect("headers end with a blank line");
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            let last = headers.last_mut().expect("a folded line follows a header");
            last.1.push(' ');
            last.1.push_str(line.trim());
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    (headers, body)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (key, val) = p.trim().split_once('=')?;
        key.eq_ignore_ascii_case(name)
            .then(|| val.trim_matches('"').to_string())
    })
}

/// Every leaf part of a message, decoded.
fn leaf_parts(entity: &str) -> Vec<Part> {
    let (headers, body) = split_headers(entity);
    let content_type = header(&headers, "content-type")
        .unwrap_or("text/plain")
        .to_string();
    if content_type.to_ascii_lowercase().starts_with("multipart/") {
        let boundary = parameter(&content_type, "boundary").expect("a multipart has a boundary");
        let delimiter = format!("--{boundary}");
        let mut parts = Vec::new();
        // The first piece is the preamble, the last starts with "--" (the closing delimiter).
        for piece in body.split(&delimiter).skip(1) {
            if piece.starts_with("--") {
                break;
            }
            let piece = piece.strip_prefix("\r\n").unwrap_or(piece);
            let piece = piece.strip_suffix("\r\n").unwrap_or(piece);
            parts.extend(leaf_parts(piece));
        }
        return parts;
    }
    let encoding = header(&headers, "content-transfer-encoding")
        .unwrap_or("7bit")
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "quoted-printable" => decode_quoted_printable(body),
        "base64" => decode_base64(body),
        _ => body.as_bytes().to_vec(),
    };
    vec![Part {
        content_type: content_type.to_ascii_lowercase(),
        text: String::from_utf8(bytes).expect("a UTF-8 body"),
    }]
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn decode_quoted_printable(body: &str) -> Vec<u8> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            // A soft line break joins two lines.
            if bytes[i + 1..].starts_with(b"\r\n") {
                i += 3;
                continue;
            }
            if bytes[i + 1..].starts_with(b"\n") {
                i += 2;
                continue;
            }
            let high = bytes.get(i + 1).copied().and_then(hex_value);
            let low = bytes.get(i + 2).copied().and_then(hex_value);
            if let (Some(h), Some(l)) = (high, low) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn decode_base64(body: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for b in body.bytes() {
        if b == b'=' {
            break;
        }
        let Some(value) = ALPHABET.iter().position(|&a| a == b) else {
            continue; // line breaks
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`); the whitespace between
/// two encoded words is dropped.
fn decode_header(value: &str) -> String {
    let mut out = Vec::new();
    let mut previous_was_word = false;
    for token in value.split_whitespace() {
        let word = token
            .strip_prefix("=?")
            .and_then(|t| t.strip_suffix("?="))
            .and_then(|t| {
                let mut pieces = t.splitn(3, '?');
                Some((pieces.next()?, pieces.next()?, pieces.next()?))
            });
        match word {
            Some((_charset, encoding, text)) => {
                if !out.is_empty() && !previous_was_word {
                    out.push(b' ');
                }
                if encoding.eq_ignore_ascii_case("b") {
                    out.extend(decode_base64(text));
                } else {
                    out.extend(decode_quoted_printable(&text.replace('_', " ")));
                }
                previous_was_word = true;
            }
            None => {
                if !out.is_empty() {
                    out.push(b' ');
                }
                out.extend(token.as_bytes());
                previous_was_word = false;
            }
        }
    }
    String::from_utf8(out).expect("a UTF-8 header")
}

/// The first `http…` link in `text` that starts with `prefix`, up to the next whitespace.
fn find_link(text: &str, prefix: &str) -> Option<String> {
    let start = text.find(prefix)?;
    let link = text[start..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .next()?;
    Some(link.to_string())
}

// ---------------------------------------------------------------------------------------------
// Helpers for the store and the sender.

fn smtp_to(port: u16) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".to_string(),
        port,
        security: SmtpSecurity::None,
        user: String::new(),
        password: String::new(),
        sender_address: "pes@torun.example".to_string(),
        sender_name: "Platforma PES-TOR".to_string(),
    }
}

fn configure(store: &Store, smtp: Option<SmtpSettings>) {
    let mut settings = store.settings().unwrap();
    settings.smtp = smtp;
    store.save_settings(&settings, None).unwrap();
}

/// Short backoff so that a retry comes within a second or two.
fn quick_options() -> SenderOptions {
    SenderOptions {
        retry: RetryPolicy {
            first_delay: 1,
            max_delay: 2,
            max_attempts: 10,
        },
        timeout: Duration::from_secs(5),
        idle: Duration::from_millis(200),
        batch: 5,
    }
}

fn verification_mail(to: &str) -> OutgoingMail {
    let site = MailSite {
        base_url: BASE_URL,
        gmina_name: "Gmina Miasta Toruń",
        contact_email: "pes@torun.example",
    };
    let content = messages::verification(&site, "Anna Żółkiewska", TOKEN, DAY);
    OutgoingMail::new(to, content, "weryfikacja", now())
}

/// Polls `check` every 20 ms for up to 10 s.
fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn status(store: &Store, id: MailId) -> OutgoingMail {
    store
        .mail(id)
        .unwrap()
        .expect("the message is still in the outbox")
}

/// A loopback port with nobody listening on it.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn a_verification_mail_travels_over_smtp_and_its_link_can_be_read_back() {
    let sink = Sink::start();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    configure(&store, Some(smtp_to(sink.port())));
    let id = store
        .enqueue_mail(verification_mail("anna@example.pl"))
        .unwrap();

    let wakeup = Wakeup::new();
    let sender = MailSender::start(store.clone(), wakeup.clone(), quick_options()).unwrap();
    wakeup.wake();
    wait_for("the message marked sent", || {
        matches!(status(&store, id).status, MailStatus::Sent { .. })
    });
    sender.stop();

    let received = sink.messages();
    assert_eq!(received.len(), 1, "delivered exactly once");
    let message = &received[0];
    assert_eq!(message.from, "pes@torun.example");
    assert_eq!(message.to, ["anna@example.pl"]);

    let (headers, _) = split_headers(&message.data);
    assert_eq!(
        decode_header(header(&headers, "subject").unwrap()),
        "Potwierdź adres e-mail w platformie PES-TOR"
    );
    assert!(
        header(&headers, "content-type")
            .unwrap()
            .starts_with("multipart/alternative"),
        "{}",
        message.data
    );
    let from = decode_header(header(&headers, "from").unwrap());
    assert!(from.contains("pes@torun.example"), "{from}");

    let parts = leaf_parts(&message.data);
    let text = parts
        .iter()
        .find(|p| p.content_type.starts_with("text/plain"))
        .expect("a plain text part");
    let html = parts
        .iter()
        .find(|p| p.content_type.starts_with("text/html"))
        .expect("an HTML part");
    assert!(
        text.text.contains("Dzień dobry, Anna Żółkiewska!"),
        "{}",
        text.text
    );
    assert!(text.text.contains("Link jest ważny przez 24 godziny"));

    let link = find_link(&text.text, BASE_URL).expect("a link in the text part");
    assert_eq!(link, format!("{BASE_URL}/konto/weryfikacja?token={TOKEN}"));
    let token = link.split_once("?token=").unwrap().1;
    assert_eq!(token, TOKEN);
    assert!(
        html.text.contains(&format!("href=\"{link}\"")),
        "{}",
        html.text
    );

    let stored = status(&store, id);
    assert_eq!(stored.attempts, 0);
    assert_eq!(stored.last_error, None);
}

#[test]
fn while_the_server_is_down_mail_waits_survives_a_restart_and_goes_out_on_retry() {
    let port = closed_port();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    configure(&store, Some(smtp_to(port)));
    let id = store
        .enqueue_mail(verification_mail("anna@example.pl"))
        .unwrap();

    let wakeup = Wakeup::new();
    let sender = MailSender::start(store.clone(), wakeup.clone(), quick_options()).unwrap();
    wakeup.wake();
    wait_for("a failed attempt recorded", || {
        status(&store, id).attempts >= 1
    });
    sender.stop();
    let waiting = status(&store, id);
    assert_eq!(waiting.status, MailStatus::Pending);
    let error = waiting
        .last_error
        .expect("the error is kept for the admins");
    assert!(error.contains(&format!("127.0.0.1:{port}")), "{error}");

    // The process stops and starts again: the message is still there.
    drop(store);
    let store = Arc::new(Store::open(dir.path()).unwrap());
    assert_eq!(status(&store, id).status, MailStatus::Pending);

    // The server comes back on the same address (or, if another program took the port in the
    // meantime, an admin points the settings at where it is now).
    let sink = match TcpListener::bind(("127.0.0.1", port)) {
        Ok(listener) => Sink::on(listener),
        Err(_) => {
            let sink = Sink::start();
            configure(&store, Some(smtp_to(sink.port())));
            sink
        }
    };
    let wakeup = Wakeup::new();
    let sender = MailSender::start(store.clone(), wakeup.clone(), quick_options()).unwrap();
    wakeup.wake();
    wait_for("the retry delivered", || {
        matches!(status(&store, id).status, MailStatus::Sent { .. })
    });
    sender.stop();

    assert_eq!(sink.messages().len(), 1);
    let sent = status(&store, id);
    assert!(sent.attempts >= 1, "the failed attempt stays counted");
    assert_eq!(sent.last_error, None);
}

#[test]
fn without_smtp_settings_mail_stays_in_the_outbox_until_an_admin_configures_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let id = store
        .enqueue_mail(verification_mail("anna@example.pl"))
        .unwrap();

    let wakeup = Wakeup::new();
    let sender = MailSender::start(store.clone(), wakeup.clone(), quick_options()).unwrap();
    wakeup.wake();
    std::thread::sleep(Duration::from_millis(600));
    let waiting = status(&store, id);
    assert_eq!(waiting.status, MailStatus::Pending);
    assert_eq!(waiting.attempts, 0, "no SMTP is not a failed attempt");
    assert_eq!(waiting.last_error, None);
    // Admins read it on the outbox page meanwhile.
    let (total, page) = store.outbox(1, 20, None).unwrap();
    assert_eq!(total, 1);
    assert!(page[0].text.contains(TOKEN));

    // An admin saves the settings; the running sender picks them up.
    let sink = Sink::start();
    configure(&store, Some(smtp_to(sink.port())));
    wakeup.wake();
    wait_for("delivery after configuration", || {
        matches!(status(&store, id).status, MailStatus::Sent { .. })
    });
    sender.stop();
    assert_eq!(sink.messages().len(), 1);
}

#[test]
fn many_messages_are_each_delivered_exactly_once() {
    let sink = Sink::start();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    configure(&store, Some(smtp_to(sink.port())));
    // More than two batches.
    let ids: Vec<MailId> = (0..12)
        .map(|i| {
            store
                .enqueue_mail(verification_mail(&format!("osoba{i}@example.pl")))
                .unwrap()
        })
        .collect();

    let wakeup = Wakeup::new();
    let sender = MailSender::start(store.clone(), wakeup.clone(), quick_options()).unwrap();
    wakeup.wake();
    wait_for("all delivered", || {
        ids.iter()
            .all(|id| matches!(status(&store, *id).status, MailStatus::Sent { .. }))
    });
    sender.stop();

    let mut recipients: Vec<String> = sink.messages().iter().flat_map(|m| m.to.clone()).collect();
    recipients.sort();
    let mut expected: Vec<String> = (0..12).map(|i| format!("osoba{i}@example.pl")).collect();
    expected.sort();
    assert_eq!(recipients, expected);
    let counts = store.outbox_counts().unwrap();
    assert_eq!((counts.pending, counts.sent, counts.failed), (0, 12, 0));
}
