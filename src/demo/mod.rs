//! Realistic, deterministic demo data for Toruń: the organisations (PES) of the directory,
//! the demo accounts of every role ([`accounts`]) and the organisations' offers ([`offers`]).
//!
//! The organisations named in the original platform's 2014 brochure come first, with what the
//! brochure says about them; the rest are generated: Polish names typical of each legal form,
//! real Toruń streets with their osiedle and a point on the map, registry numbers with valid
//! check digits, and descriptions that agree with the areas and target groups. The same seed
//! always gives byte-identical records, so a demo, a benchmark and a test see the same city.
//! Every record has `demo: true`; e-mail and web addresses use the reserved `.example` domain.

pub mod accounts;
mod brochure;
mod descriptions;
pub mod equipment;
mod identifiers;
pub mod institutions;
mod names;
pub mod needs;
pub mod offers;
mod organizations;
pub mod premises;
pub mod procurements;
pub mod programme;
mod rng;
mod streets;
mod themes;

#[cfg(test)]
mod tests;

use crate::domain::organization::Organization;

/// The seed of the data the platform ships with.
pub const DEFAULT_SEED: u64 = 0x7072_7A79_6B6C_6164;

/// As many organisations as the original platform listed in 2014.
pub const DEFAULT_ORGANIZATIONS: usize = 208;

/// The demo organisations: the brochure's named organisations first, then generated ones,
/// `count` in total.
///
/// Deterministic for a given seed: the same seed gives byte-identical records. Ids are 0 (the
/// store assigns them); slugs and names are unique; every record passes
/// [`Organization::validate`].
pub fn organizations(count: usize, seed: u64) -> Vec<Organization> {
    let mut out: Vec<Organization> = Vec::with_capacity(count);
    let mut taken = organizations::Taken::default();
    for org in brochure::organizations().into_iter().take(count) {
        taken.add(&org);
        out.push(org);
    }
    let rural = organizations::rural_streets();
    let mut rng = rng::Rng::new(seed);
    while out.len() < count {
        let org = organizations::generate(&mut rng, &mut taken, &rural);
        out.push(org);
    }
    out
}

/// Names of the organisations the brochure mentions, in the order they open the demo data.
pub fn brochure_names() -> impl Iterator<Item = &'static str> {
    brochure::names()
}
