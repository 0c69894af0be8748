//! The HTTP side: our request/response types, the guarded server edge, routing, headers,
//! assets and templates.

pub mod assets;
pub mod cookies;
pub mod edge;
pub mod forms;
pub mod headers;
pub mod http;
pub mod multipart;
pub mod query;
pub mod rate_limit;
pub mod router;
pub mod templates;
pub mod visitor;
