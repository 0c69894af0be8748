//! Kiosk mode (DESIGN §9): the pieces that do not depend on pages — QR codes and the rewriting
//! of rendered pages so that nothing on a public touch screen leads out of the platform.

pub mod html;
pub mod qr;
