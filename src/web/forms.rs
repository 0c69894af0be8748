//! Bodies of HTML forms: `application/x-www-form-urlencoded`, or `multipart/form-data` when the
//! form carries a file.

use super::http::Request;
use super::multipart::{self, UploadedFile};
use super::query::Query;

/// A submitted form: its text fields and its files.
#[derive(Debug, Default)]
pub struct Form {
    pub fields: Query,
    pub files: Vec<UploadedFile>,
}

/// Reads the form in `request`. A body that is not a form gives an empty one; a broken
/// multipart body is an error with a Polish reason.
pub fn parse(request: &Request) -> Result<Form, &'static str> {
    let content_type = request.header("content-type").unwrap_or("");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let fields = Query::parse(&String::from_utf8_lossy(&request.body));
        return Ok(Form {
            fields,
            files: Vec::new(),
        });
    }
    if let Some(boundary) = multipart::boundary(content_type) {
        let parsed = multipart::parse(&request.body, boundary)?;
        return Ok(Form {
            fields: Query::from_pairs(parsed.fields),
            files: parsed.files,
        });
    }
    // Multipart without a usable boundary cannot be split: say so, rather than treating it
    // as an empty form (which would be refused as an expired one).
    if content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        return Err("brak granicy części formularza w nagłówku Content-Type");
    }
    Ok(Form::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(content_type: &str, body: &[u8]) -> Request {
        let mut request = Request::get("/form");
        request.method = crate::web::http::Method::Post;
        request
            .headers
            .push(("content-type".into(), content_type.into()));
        request.body = body.to_vec();
        request
    }

    #[test]
    fn multipart_without_a_boundary_is_an_error_not_an_empty_form() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n";
        let parsed = parse(&post("multipart/form-data; boundary=XyZ", body)).unwrap();
        assert_eq!(parsed.fields.get("a"), Some("1"));
        for broken in [
            "multipart/form-data",
            "multipart/form-data; charset=utf-8",
            "Multipart/Form-Data; boundary=",
        ] {
            assert!(parse(&post(broken, body)).is_err(), "{broken}");
        }
        assert!(parse(&post("text/plain", body)).unwrap().files.is_empty());
    }
}
