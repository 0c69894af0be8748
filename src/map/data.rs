//! The map data files derived by `scripts/fetch-map-data.sh` and committed under `assets/map/`
//! (see `assets/map/README` for their provenance and licences). They are embedded separately
//! from the static files so they are not served under `/static/`.

use std::borrow::Cow;

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "assets/map/"]
#[exclude = "*.md"]
struct MapFiles;

/// One embedded map data file, or `None` when the build has no such file.
pub fn file(name: &str) -> Option<Cow<'static, [u8]>> {
    MapFiles::get(name).map(|f| f.data)
}
