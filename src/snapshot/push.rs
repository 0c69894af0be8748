//! Sending a snapshot file to a remote place over HTTP(S) with ureq: a plain `PUT` with a bearer
//! token, or a presigned `PUT` to an S3-compatible bucket (AWS Signature v4 by rusty-s3). The
//! file is streamed from disk, never read into memory; every request has a global time limit;
//! any answer other than 2xx is a failure. Retrying is the caller's business
//! (`schedule.rs`): one call here is one attempt.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};

use crate::config::{PushTarget, S3Target};

/// Every upload may take at least this long, whatever its size.
const BASE_TIMEOUT: Duration = Duration::from_secs(60);
/// The slowest link an upload is given time for (bytes per second), on top of the base.
const SLOWEST_RATE: u64 = 256 * 1024;
/// How long a presigned S3 URL stays valid; S3 checks it when the upload starts.
const PRESIGNED_FOR: Duration = Duration::from_secs(3600);

/// Sends the file at `path` to `target` under its own file name. `stop`, when given, aborts the
/// upload as soon as it is set (the server is shutting down); `max_time` shortens the time
/// limit. The error is a Polish sentence for the admin page and the log.
pub fn push_file(
    target: &PushTarget,
    path: &Path,
    stop: Option<&AtomicBool>,
    max_time: Option<Duration>,
) -> Result<(), String> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| "kopia nie ma poprawnej nazwy pliku".to_string())?;
    let file = std::fs::File::open(path)
        .map_err(|e| format!("nie można otworzyć pliku kopii {name}: {e}"))?;
    let len = file
        .metadata()
        .map_err(|e| format!("nie można odczytać pliku kopii {name}: {e}"))?
        .len();
    let mut timeout = BASE_TIMEOUT + Duration::from_secs(len / SLOWEST_RATE);
    if let Some(max) = max_time {
        timeout = timeout.min(max);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(true)
        .user_agent(concat!("pestor/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let (url, bearer) = match target {
        PushTarget::Put { url, token } => (put_url(url, name), Some(token.as_str())),
        PushTarget::S3(s3) => {
            let key = object_key(&s3.prefix, name);
            let url = presigned_put(s3, &key)?;
            (url, None)
        }
    };
    let mut request = agent
        .put(&url)
        .header("Content-Type", "application/octet-stream")
        .header("Content-Length", len.to_string());
    if let Some(token) = bearer {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let mut body = Stoppable { inner: file, stop };
    match request.send(ureq::SendBody::from_reader(&mut body)) {
        Ok(_) => Ok(()),
        Err(e) => Err(describe(e, stop.is_some_and(|s| s.load(Ordering::SeqCst)))),
    }
}

/// `<url>/<file name>`.
pub(crate) fn put_url(base: &str, name: &str) -> String {
    format!("{}/{name}", base.trim_end_matches('/'))
}

/// `<prefix>/<file name>`, or the bare name without a prefix.
pub(crate) fn object_key(prefix: &str, name: &str) -> String {
    let prefix = prefix.trim_matches('/');
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    }
}

/// The bucket of an S3 target, or a Polish explanation of what is wrong with its settings.
pub fn s3_bucket(s3: &S3Target) -> Result<Bucket, String> {
    let endpoint: url::Url = s3
        .endpoint
        .parse()
        .map_err(|_| format!("nieprawidłowy adres S3 (--s3-endpoint): „{}”", s3.endpoint))?;
    let style = if s3.path_style {
        UrlStyle::Path
    } else {
        UrlStyle::VirtualHost
    };
    Bucket::new(endpoint, style, s3.bucket.clone(), s3.region.clone()).map_err(|e| {
        let hint = if s3.path_style {
            ""
        } else {
            " — dla MinIO, Ceph i adresów IP dodaj --s3-path-style"
        };
        format!(
            "nie można zbudować adresu zasobnika S3 „{}” ({e:?}){hint}",
            s3.bucket
        )
    })
}

/// A presigned `PUT` URL for `key`, signed now.
pub(crate) fn presigned_put(s3: &S3Target, key: &str) -> Result<String, String> {
    let bucket = s3_bucket(s3)?;
    let credentials = Credentials::new(s3.access_key_id.clone(), s3.secret_key.clone());
    let action = bucket.put_object(Some(&credentials), key);
    Ok(action.sign(PRESIGNED_FOR).to_string())
}

/// The file, read until the server starts shutting down.
struct Stoppable<'a, R> {
    inner: R,
    stop: Option<&'a AtomicBool>,
}

impl<R: Read> Read for Stoppable<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
            return Err(std::io::Error::other("serwer się zatrzymuje"));
        }
        self.inner.read(buf)
    }
}

/// A failed attempt in words an administrator can act on.
fn describe(error: ureq::Error, stopping: bool) -> String {
    if stopping {
        return "wysyłanie przerwane, bo serwer się zatrzymuje".to_string();
    }
    match error {
        ureq::Error::StatusCode(code) => format!(
            "serwer docelowy odpowiedział kodem {code}{}",
            match code {
                401 | 403 => " (odmowa dostępu — sprawdź token albo klucze)",
                404 => " (nie ma takiego adresu albo zasobnika)",
                413 => " (plik za duży dla serwera docelowego)",
                500..=599 => " (błąd po stronie serwera docelowego)",
                _ => "",
            }
        ),
        ureq::Error::Timeout(_) => {
            "przekroczono czas wysyłania (serwer docelowy nie odpowiada albo łącze jest za wolne)"
                .to_string()
        }
        ureq::Error::HostNotFound => {
            "nie znaleziono serwera docelowego (sprawdź adres)".to_string()
        }
        ureq::Error::ConnectionFailed => "nie można połączyć się z serwerem docelowym".to_string(),
        ureq::Error::Io(e) => format!("błąd połączenia: {e}"),
        other => format!("błąd wysyłania: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// HMAC-SHA256 (RFC 2104), written out here to check the signature independently.
    fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
        let mut block = [0u8; 64];
        if key.len() > 64 {
            block[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let mut inner = Sha256::new();
        inner.update(block.map(|b| b ^ 0x36));
        inner.update(message);
        let mut outer = Sha256::new();
        outer.update(block.map(|b| b ^ 0x5c));
        outer.update(inner.finalize());
        outer.finalize().into()
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// AWS Signature v4 for a presigned request with only the host signed, following the AWS
    /// documentation step by step: canonical request, string to sign, derived key.
    #[allow(clippy::too_many_arguments)]
    fn sigv4_signature(
        method: &str,
        host: &str,
        path: &str,
        query: &str,
        secret: &str,
        date: &str,
        amz_date: &str,
        region: &str,
    ) -> String {
        let canonical = format!("{method}\n{path}\n{query}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD");
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{date}/{region}/s3/aws4_request\n{}",
            hex(&Sha256::digest(canonical.as_bytes()))
        );
        let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
        let k_region = hmac(&k_date, region.as_bytes());
        let k_service = hmac(&k_region, b"s3");
        let k_signing = hmac(&k_service, b"aws4_request");
        hex(&hmac(&k_signing, to_sign.as_bytes()))
    }

    #[test]
    fn the_independent_signature_matches_the_aws_documentation() {
        // The presigned GET example of the AWS S3 documentation ("Authenticating Requests:
        // Using Query Parameters"), with its published signature.
        let query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host";
        let signature = sigv4_signature(
            "GET",
            "examplebucket.s3.amazonaws.com",
            "/test.txt",
            query,
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "20130524",
            "20130524T000000Z",
            "us-east-1",
        );
        assert_eq!(
            signature,
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        );
    }

    fn minio() -> S3Target {
        S3Target {
            endpoint: "http://127.0.0.1:9000".to_string(),
            bucket: "kopie-gminy".to_string(),
            region: "eu-central-1".to_string(),
            access_key_id: "PESTORKEYID".to_string(),
            secret_key: "tajny/klucz+do-testu".to_string(),
            path_style: true,
            prefix: "torun/serwer".to_string(),
        }
    }

    #[test]
    fn the_presigned_put_matches_a_signature_computed_independently() {
        let s3 = minio();
        let key = object_key(&s3.prefix, "pestor-2026-11-27-091503.pestor");
        let before = jiff::Timestamp::now();
        let url = presigned_put(&s3, &key).unwrap();
        let after = jiff::Timestamp::now();
        // The moment of signing, as the URL states it, is now.
        let amz_date = url
            .split("X-Amz-Date=")
            .nth(1)
            .and_then(|rest| rest.split('&').next())
            .unwrap()
            .to_string();
        let signed = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", &amz_date)
            .unwrap()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_second();
        assert!((before.as_second()..=after.as_second()).contains(&signed));
        let date = &amz_date[..8];
        let query = format!(
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=PESTORKEYID%2F{date}%2Feu-central-1%2Fs3%2Faws4_request&X-Amz-Date={amz_date}&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
        );
        let path = "/kopie-gminy/torun/serwer/pestor-2026-11-27-091503.pestor";
        let signature = sigv4_signature(
            "PUT",
            "127.0.0.1:9000",
            path,
            &query,
            &s3.secret_key,
            date,
            &amz_date,
            "eu-central-1",
        );
        assert_eq!(
            url,
            format!("http://127.0.0.1:9000{path}?{query}&X-Amz-Signature={signature}")
        );
    }

    #[test]
    fn virtual_host_style_puts_the_bucket_in_the_host_name() {
        let s3 = S3Target {
            endpoint: "https://s3.eu-central-1.amazonaws.com".to_string(),
            path_style: false,
            prefix: String::new(),
            ..minio()
        };
        let url = presigned_put(&s3, "pestor-2026-11-27-091503.pestor").unwrap();
        assert!(
            url.starts_with(
                "https://kopie-gminy.s3.eu-central-1.amazonaws.com/pestor-2026-11-27-091503.pestor?X-Amz-Algorithm=AWS4-HMAC-SHA256&"
            ),
            "{url}"
        );
        // An IP address cannot carry the bucket name: the settings say what to change.
        let by_ip = S3Target {
            path_style: false,
            ..minio()
        };
        assert!(s3_bucket(&by_ip).unwrap_err().contains("--s3-path-style"));
    }

    #[test]
    fn keys_and_urls_are_joined_with_one_slash() {
        assert_eq!(object_key("", "a.pestor"), "a.pestor");
        assert_eq!(object_key("/kopie/", "a.pestor"), "kopie/a.pestor");
        assert_eq!(
            put_url("https://kopie.example/pestor/", "a.pestor"),
            "https://kopie.example/pestor/a.pestor"
        );
        assert_eq!(
            put_url("https://kopie.example/pestor", "a.pestor"),
            "https://kopie.example/pestor/a.pestor"
        );
    }

    #[test]
    fn a_set_stop_flag_ends_the_body() {
        let stop = AtomicBool::new(false);
        let mut body = Stoppable {
            inner: &b"abc"[..],
            stop: Some(&stop),
        };
        let mut buf = [0u8; 2];
        assert_eq!(body.read(&mut buf).unwrap(), 2);
        stop.store(true, Ordering::SeqCst);
        assert!(body.read(&mut buf).is_err());
    }
}
