//! Security headers set on every response (DESIGN §3.3).

use super::http::Response;

/// No inline script or style; nothing from other origins; the site is never framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn apply_security_headers(response: &mut Response) {
    // A handler may set a stricter policy of its own (attachments are served with
    // `sandbox; default-src 'none'`); only responses without one get the site's policy.
    if response.header("Content-Security-Policy").is_none() {
        response.set_header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
    response.set_header("X-Frame-Options", "DENY");
    response.set_header("Cross-Origin-Opener-Policy", "same-origin");
    response.set_header(
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
}
