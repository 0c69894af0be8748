//! `multipart/form-data` bodies (forms with a file). The body is already in memory and capped by
//! the edge; this only splits it. Anything malformed is an error, never a panic.

/// A file sent with a form.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadedFile {
    pub field: String,
    /// The name the browser gave, as sent (never used as a path).
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Text fields (in order) and files of a multipart body.
#[derive(Debug, Default, PartialEq)]
pub struct Multipart {
    pub fields: Vec<(String, String)>,
    pub files: Vec<UploadedFile>,
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn boundary(content_type: &str) -> Option<&str> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim_matches('"'))
        .filter(|b| !b.is_empty() && b.len() <= 70)
}

/// Splits `body` at `boundary`. Parts without a name are skipped; an empty file input (no
/// filename, no bytes) is not a file.
pub fn parse(body: &[u8], boundary: &str) -> Result<Multipart, &'static str> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut out = Multipart::default();
    let mut rest = match find(body, delimiter) {
        Some(at) => &body[at + delimiter.len()..],
        None => return Err("brak granicy części formularza"),
    };
    loop {
        if rest.starts_with(b"--") {
            return Ok(out);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("uszkodzona część formularza")?;
        let end = find(rest, delimiter).ok_or("formularz urwany w połowie")?;
        let part = rest[..end]
            .strip_suffix(b"\r\n")
            .ok_or("uszkodzona część formularza")?;
        read_part(part, &mut out)?;
        rest = &rest[end + delimiter.len()..];
    }
}

fn read_part(part: &[u8], out: &mut Multipart) -> Result<(), &'static str> {
    let split = find(part, b"\r\n\r\n").ok_or("część formularza bez nagłówków")?;
    let head = std::str::from_utf8(&part[..split]).map_err(|_| "nagłówki części nie są tekstem")?;
    let content = &part[split + 4..];
    let mut name = None;
    let mut filename = None;
    let mut content_type = String::from("application/octet-stream");
    for line in head.split("\r\n") {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if key.trim().eq_ignore_ascii_case("content-disposition") {
            name = parameter(value, "name");
            filename = parameter(value, "filename");
        } else if key.trim().eq_ignore_ascii_case("content-type") {
            content_type = value.trim().to_ascii_lowercase();
        }
    }
    let Some(name) = name else {
        return Ok(());
    };
    match filename {
        Some(filename) if !(filename.is_empty() && content.is_empty()) => {
            out.files.push(UploadedFile {
                field: name,
                filename,
                content_type,
                bytes: content.to_vec(),
            });
        }
        Some(_) => {}
        None => {
            let text = String::from_utf8(content.to_vec())
                .map_err(|_| "pole formularza nie jest tekstem UTF-8")?;
            out.fields.push((name, text));
        }
    }
    Ok(())
}

/// `name="value"` from a Content-Disposition header.
fn parameter(header: &str, wanted: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(wanted)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn body(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, filename, content) in parts {
            out.extend_from_slice(b"--XyZ\r\n");
            match filename {
                Some(f) => out.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes()),
                None => out.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
            }
            out.extend_from_slice(content);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--XyZ--\r\n");
        out
    }

    #[test]
    fn fields_and_files_are_split() {
        let raw = body(&[
            ("csrf", None, b"abc"),
            ("message", None, "Zażółć\r\ngęślą".as_bytes()),
            (
                "document",
                Some("statut.pdf"),
                b"%PDF-1.4\r\n--not-a-boundary\r\n",
            ),
        ]);
        let parsed = parse(&raw, "XyZ").unwrap();
        assert_eq!(
            parsed.fields,
            vec![
                ("csrf".into(), "abc".into()),
                ("message".into(), "Zażółć\r\ngęślą".into())
            ]
        );
        assert_eq!(parsed.files.len(), 1);
        assert_eq!(parsed.files[0].filename, "statut.pdf");
        assert_eq!(parsed.files[0].bytes, b"%PDF-1.4\r\n--not-a-boundary\r\n");
        assert_eq!(boundary("multipart/form-data; boundary=XyZ"), Some("XyZ"));
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
    }

    #[test]
    fn an_empty_file_input_is_no_file_and_broken_bodies_are_errors() {
        let raw = body(&[("document", Some(""), b"")]);
        assert!(parse(&raw, "XyZ").unwrap().files.is_empty());
        assert!(
            parse(
                b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
                "XyZ"
            )
            .is_err()
        );
        assert!(parse(b"nothing here", "XyZ").is_err());
        assert!(parse(b"--XyZ\r\nno headers end\r\n--XyZ--", "XyZ").is_err());
    }

    proptest! {
        #[test]
        fn any_body_is_parsed_or_refused(raw in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse(&raw, "XyZ");
        }

        /// Any well-formed body of text fields and files (in any order) parses back to exactly
        /// those fields and files, in order.
        #[test]
        fn well_formed_bodies_round_trip(
            parts in proptest::collection::vec(
                (
                    "[a-z_]{1,12}",
                    proptest::option::of("[a-zA-Z0-9 ._()-]{1,24}"),
                    "\\PC{0,40}",
                    proptest::collection::vec(any::<u8>(), 0..200),
                ),
                0..6,
            )
        ) {
            let mut raw = Vec::new();
            let mut fields = Vec::new();
            let mut files = Vec::new();
            for (name, filename, text, bytes) in &parts {
                raw.extend_from_slice(b"--XyZ\r\n");
                let content: &[u8] = match filename {
                    Some(f) => {
                        raw.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes());
                        files.push((name.clone(), f.clone(), bytes.clone()));
                        bytes
                    }
                    None => {
                        raw.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes());
                        fields.push((name.clone(), text.clone()));
                        text.as_bytes()
                    }
                };
                prop_assume!(!content.windows(7).any(|w| w == b"\r\n--XyZ"));
                raw.extend_from_slice(content);
                raw.extend_from_slice(b"\r\n");
            }
            raw.extend_from_slice(b"--XyZ--\r\n");
            let parsed = parse(&raw, "XyZ").unwrap();
            prop_assert_eq!(parsed.fields, fields);
            let got: Vec<_> = parsed
                .files
                .into_iter()
                .map(|f| (f.field, f.filename, f.bytes))
                .collect();
            prop_assert_eq!(got, files);
        }

        #[test]
        fn files_round_trip(content in proptest::collection::vec(any::<u8>(), 0..300)) {
            let raw = body(&[("document", Some("a.pdf"), &content)]);
            let parsed = parse(&raw, "XyZ").unwrap();
            if content.is_empty() {
                // An empty file with a name is still a file.
                prop_assert_eq!(parsed.files.len(), 1);
            } else {
                prop_assert_eq!(&parsed.files[0].bytes, &content);
            }
        }
    }
}
