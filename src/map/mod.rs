//! Offline maps (DESIGN §7): the data embedded in the binary under `assets/map/`, the base map
//! tiles drawn from it, and the street-level detail a gmina imports.

pub mod data;
pub mod import;
pub mod localities;
pub mod mercator;
pub mod street;
