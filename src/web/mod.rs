//! The HTTP side: our request/response types, the guarded server edge, routing, headers,
//! assets and templates.

pub mod assets;
pub mod edge;
pub mod headers;
pub mod http;
pub mod query;
pub mod router;
pub mod templates;
