//! Bodies of HTML forms (`application/x-www-form-urlencoded`).

use super::http::Request;
use super::query::Query;

/// The fields of a submitted form. Reuses the query-string parser: the encoding is the same.
pub fn parse(request: &Request) -> Query {
    let is_form = request
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Query::default();
    }
    Query::parse(&String::from_utf8_lossy(&request.body))
}
