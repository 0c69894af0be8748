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
    Ok(Form::default())
}
