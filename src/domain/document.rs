//! Documents attached to requests (e.g. a claim's proof of representation): only PDF, JPEG or
//! PNG, recognised by their first bytes rather than by name, and small.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::user::UserId;

/// The edge accepts request bodies up to 1 MiB; a document must leave room for the form.
pub const MAX_DOCUMENT_BYTES: usize = 900 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentId(pub u64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    /// A cleaned file name for the download (letters, digits, dots, dashes).
    pub filename: String,
    /// Decided from the content: application/pdf, image/jpeg or image/png.
    pub content_type: String,
    #[serde(with = "serde_bytes_compat")]
    pub bytes: Vec<u8>,
    pub uploaded_by: UserId,
    pub created: Timestamp,
}

/// Stores bytes as a msgpack binary (not an array of numbers, which would double the size).
pub(crate) mod serde_bytes_compat {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_byte_buf(BytesVisitor)
    }

    struct BytesVisitor;

    impl<'de> serde::de::Visitor<'de> for BytesVisitor {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("bytes")
        }

        fn visit_bytes<E>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }

        fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(v)
        }
    }
}

/// The content type of an accepted document, from its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// Checks an uploaded file; the message is Polish.
pub fn check(bytes: &[u8]) -> Result<&'static str, &'static str> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(
            "Plik jest za duży (najwyżej 900 KB). Zmniejsz skan albo zapisz go w mniejszej rozdzielczości.",
        );
    }
    sniff(bytes).ok_or("Dołącz plik PDF, JPG albo PNG.")
}

/// A safe download name: the base name, letters/digits/dot/dash/underscore only, ≤ 80 chars.
pub fn clean_filename(name: &str, content_type: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = crate::text::fold::fold(base)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(80)
        .collect();
    let cleaned = cleaned.trim_matches(['.', '-']).to_string();
    if cleaned.is_empty() {
        let extension = match content_type {
            "application/pdf" => "pdf",
            "image/jpeg" => "jpg",
            _ => "png",
        };
        format!("dokument.{extension}")
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_recognised_by_content() {
        assert_eq!(check(b"%PDF-1.7 ..."), Ok("application/pdf"));
        assert_eq!(check(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok("image/jpeg"));
        assert!(check(b"<html><script>").is_err());
        assert!(check(b"MZ\x90\x00").is_err());
        assert!(check(&vec![b'%'; MAX_DOCUMENT_BYTES + 1]).is_err());
    }

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(
            clean_filename("C:\\Users\\Ania\\Statut fundacji.pdf", "application/pdf"),
            "statut-fundacji.pdf"
        );
        assert_eq!(
            clean_filename("../../etc/passwd", "application/pdf"),
            "passwd"
        );
        assert_eq!(clean_filename("Żółć.pdf", "application/pdf"), "zolc.pdf");
        assert_eq!(clean_filename("....", "image/png"), "dokument.png");
    }
}
