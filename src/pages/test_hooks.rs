//! Routes that exist only when tests enable them.

use super::{Ctx, PageResult};
use crate::app::App;

/// Panics on purpose: the edge must answer 500 and keep serving.
pub fn panic(_app: &App, _ctx: &Ctx) -> PageResult {
    panic!("test hook: deliberate panic");
}
