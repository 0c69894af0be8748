//! One delivery over SMTP with lettre's synchronous transport: the connection from the settings,
//! the message as multipart/alternative (plain text + HTML, UTF-8), and errors in Polish.

use std::time::Duration;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use crate::domain::mail::OutgoingMail;
use crate::domain::settings::{SmtpSecurity, SmtpSettings};

/// Why a delivery failed. `permanent` errors cannot go away by retrying the same message
/// (a malformed address); everything else is worth another attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryError {
    /// Polish, shown to admins on the outbox page.
    pub message: String,
    pub permanent: bool,
}

impl DeliveryError {
    fn retry(message: String) -> DeliveryError {
        DeliveryError {
            message,
            permanent: false,
        }
    }
}

impl std::fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeliveryError {}

/// Sends one message: builds it, connects, delivers, disconnects.
pub fn deliver(
    settings: &SmtpSettings,
    mail: &OutgoingMail,
    timeout: Duration,
) -> Result<(), DeliveryError> {
    let message = build_message(settings, mail)?;
    let transport = transport(settings, timeout)?;
    transport
        .send(&message)
        .map(|_| ())
        .map_err(|e| describe(settings, &e))
}

/// The transport for `settings`: encryption as configured (certificates checked against the
/// bundled web roots), log-in when a user is set, and `timeout` for connecting and for each
/// command.
pub fn transport(
    settings: &SmtpSettings,
    timeout: Duration,
) -> Result<SmtpTransport, DeliveryError> {
    let host = settings.host.trim();
    if host.is_empty() {
        return Err(DeliveryError::retry(
            "nie podano adresu serwera SMTP w ustawieniach".to_string(),
        ));
    }
    let tls = |host: &str| {
        TlsParameters::new(host.to_string()).map_err(|e| {
            DeliveryError::retry(format!(
                "nie można przygotować szyfrowania TLS dla serwera {host}: {e}"
            ))
        })
    };
    let mut builder = SmtpTransport::builder_dangerous(host)
        .port(settings.port)
        .timeout(Some(timeout));
    builder = match settings.security {
        SmtpSecurity::StartTls => builder.tls(Tls::Required(tls(host)?)),
        SmtpSecurity::Tls => builder.tls(Tls::Wrapper(tls(host)?)),
        SmtpSecurity::None => builder.tls(Tls::None),
    };
    if !settings.user.is_empty() {
        builder = builder.credentials(Credentials::new(
            settings.user.clone(),
            settings.password.clone(),
        ));
    }
    Ok(builder.build())
}

/// The message as sent: From the configured sender, To the one recipient, a UTF-8 subject
/// (encoded by lettre as RFC 2047 when it has Polish letters), and the text and HTML bodies as
/// alternatives (transfer-encoded by lettre, so long lines and non-ASCII text are safe).
pub fn build_message(
    settings: &SmtpSettings,
    mail: &OutgoingMail,
) -> Result<Message, DeliveryError> {
    let sender_address = settings.sender_address.trim().parse().map_err(|e| {
        DeliveryError::retry(format!(
            "adres nadawcy w ustawieniach SMTP jest niepoprawny ({}): {e}",
            settings.sender_address
        ))
    })?;
    let sender_name = single_line(&settings.sender_name);
    let from = Mailbox::new(
        (!sender_name.is_empty()).then_some(sender_name),
        sender_address,
    );
    let to_address = mail.to.trim().parse().map_err(|e| DeliveryError {
        message: format!("adres odbiorcy jest niepoprawny: {e}"),
        permanent: true,
    })?;
    let body = MultiPart::alternative()
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(mail.text.clone()),
        )
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .body(mail.html.clone()),
        );
    // The same message always gets the same id, so a copy sent again after a crash between
    // delivery and bookkeeping can be recognised by mail clients.
    let domain = settings
        .sender_address
        .trim()
        .rsplit_once('@')
        .map_or("localhost", |(_, domain)| domain);
    let message_id = format!("<pestor.{}.{}@{domain}>", mail.id.0, mail.created);
    let mut builder = Message::builder().message_id(Some(message_id));
    if let Some(url) = &mail.unsubscribe_url {
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{}>", single_line(url)),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_string(),
            ));
    }
    builder
        .from(from)
        .to(Mailbox::new(None, to_address))
        .subject(single_line(&mail.subject))
        .multipart(body)
        .map_err(|e| DeliveryError {
            message: format!("nie można złożyć wiadomości: {e}"),
            permanent: true,
        })
}

/// Header values are one line: control characters (a CR/LF smuggled in a name) become spaces.
fn single_line(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// A lettre error in Polish words for the admins, with lettre's own detail at the end.
fn describe(settings: &SmtpSettings, error: &lettre::transport::smtp::Error) -> DeliveryError {
    let server = format!("{}:{}", settings.host.trim(), settings.port);
    let what = if error.is_timeout() {
        format!("serwer SMTP {server} nie odpowiedział w wyznaczonym czasie")
    } else if error.is_tls() {
        format!("nie udało się nawiązać szyfrowanego połączenia (TLS) z serwerem SMTP {server}")
    } else if error.is_permanent() {
        format!("serwer SMTP {server} odrzucił wiadomość")
    } else if error.is_transient() {
        format!("serwer SMTP {server} chwilowo nie przyjął wiadomości")
    } else {
        format!("nie udało się połączyć z serwerem SMTP {server} albo połączenie zostało przerwane")
    };
    DeliveryError::retry(format!("{what} ({error})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mail::MailContent;

    fn settings() -> SmtpSettings {
        SmtpSettings {
            host: "127.0.0.1".to_string(),
            port: 2525,
            security: SmtpSecurity::None,
            user: String::new(),
            password: String::new(),
            sender_address: "pes@torun.example".to_string(),
            sender_name: "Platforma PES-TOR".to_string(),
        }
    }

    fn mail(to: &str, subject: &str) -> OutgoingMail {
        OutgoingMail::new(
            to,
            MailContent {
                subject: subject.to_string(),
                text: "Zażółć gęślą jaźń".to_string(),
                html: "<p>Zażółć gęślą jaźń</p>".to_string(),
            },
            "test",
            0,
        )
    }

    #[test]
    fn subscriber_mail_carries_one_click_unsubscribe_headers() {
        let plain = build_message(&settings(), &mail("anna@example.pl", "x"))
            .unwrap()
            .formatted();
        assert!(
            !String::from_utf8(plain)
                .unwrap()
                .contains("List-Unsubscribe")
        );
        let url = "https://pes.torun.example/subskrypcje/wypisz?token=abc\r\nBcc: x@y".to_string();
        let mail = mail("anna@example.pl", "x").with_unsubscribe(url);
        let text =
            String::from_utf8(build_message(&settings(), &mail).unwrap().formatted()).unwrap();
        // A CR/LF smuggled into the address becomes spaces: the header may be folded onto a
        // continuation line, but no new header starts.
        let unfolded = text.replace("\r\n ", " ");
        assert!(
            unfolded.contains(
                "List-Unsubscribe: <https://pes.torun.example/subskrypcje/wypisz?token=abc"
            ),
            "{text}"
        );
        assert!(!text.contains("\r\nBcc:"), "{text}");
        assert!(
            text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{text}"
        );
    }

    #[test]
    fn the_message_is_multipart_alternative_with_an_encoded_polish_subject() {
        let message = build_message(&settings(), &mail("anna@example.pl", "Żółta łódź"))
            .unwrap()
            .formatted();
        let text = String::from_utf8(message).unwrap();
        assert!(
            text.contains("Content-Type: multipart/alternative"),
            "{text}"
        );
        assert!(
            text.contains("Content-Type: text/plain; charset=utf-8"),
            "{text}"
        );
        assert!(
            text.contains("Content-Type: text/html; charset=utf-8"),
            "{text}"
        );
        assert!(text.contains("Subject: =?utf-8?"), "{text}");
        assert!(
            text.contains("From: \"Platforma PES-TOR\" <pes@torun.example>"),
            "{text}"
        );
        assert!(text.contains("To: anna@example.pl"), "{text}");
        assert!(
            text.contains("Message-ID: <pestor.0.0@torun.example>"),
            "{text}"
        );
        assert!(text.is_ascii(), "8-bit text left unencoded");
    }

    #[test]
    fn a_line_break_in_the_subject_cannot_add_a_header() {
        let message = build_message(
            &settings(),
            &mail("anna@example.pl", "Temat\r\nBcc: ofiara@example.pl"),
        )
        .unwrap()
        .formatted();
        let text = String::from_utf8(message).unwrap();
        assert!(!text.contains("\r\nBcc:"), "{text}");
    }

    #[test]
    fn a_malformed_recipient_is_a_permanent_error() {
        let err = build_message(&settings(), &mail("to nie adres", "x")).unwrap_err();
        assert!(err.permanent);
        assert!(err.message.contains("adres odbiorcy"), "{}", err.message);
    }

    #[test]
    fn a_malformed_sender_is_worth_retrying_after_the_settings_are_fixed() {
        let broken = SmtpSettings {
            sender_address: "nadawca".to_string(),
            ..settings()
        };
        let err = build_message(&broken, &mail("anna@example.pl", "x")).unwrap_err();
        assert!(!err.permanent);
        assert!(err.message.contains("adres nadawcy"), "{}", err.message);
    }

    #[test]
    fn a_refused_connection_is_described_in_polish() {
        // A port nobody listens on: bind, note it, close.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = deliver(
            &SmtpSettings { port, ..settings() },
            &mail("anna@example.pl", "x"),
            Duration::from_secs(5),
        )
        .unwrap_err();
        assert!(!err.permanent);
        assert!(
            err.message.contains("serwer") || err.message.contains("serwerem"),
            "{}",
            err.message
        );
    }

    #[test]
    fn the_settings_debug_output_hides_the_password() {
        let with_password = SmtpSettings {
            password: "tajne-haslo".to_string(),
            ..settings()
        };
        assert!(!format!("{with_password:?}").contains("tajne"));
    }
}
