//! Search: in-memory text indexes with facets and sort keys, built at start and updated after
//! each commit (DESIGN §3.2).
//!
//! - [`collate`]: Polish alphabetical order (A Ą B C Ć … Z Ź Ż) as precomputed sort keys;
//! - [`tokens`]: text to search tokens (lower case, no diacritics), matched by prefix;
//! - [`organizations`]: the index behind the organisation list, with filters, facet counts,
//!   both sort orders and pages;
//! - [`catalog`]: the same kind of index for the other registers (offers, equipment, needs …),
//!   with facets numbered by the register, a price range and five sort orders.
//!
//! Every query has a result cap and a time budget, and returns one page, never a whole list.
//!
//! Use: build the index at start from all stored records ([`OrgIndex::build`]), keep it behind
//! a read-write lock, and after each committed write call [`OrgIndex::upsert`] (or
//! [`OrgIndex::remove`] for a deleted record); readers only need `&OrgIndex`.
//!
//! Words are matched by prefix rather than by Polish stems: "stow" finds "Stowarzyszenie" and
//! "senior" finds "seniorów", without a stemming dictionary whose versions would change results.

mod bitset;
pub mod catalog;
pub mod collate;
mod districts;
pub mod equipment;
pub mod institutions;
pub mod needs;
pub mod offers;
pub mod organizations;
pub mod premises;
pub mod procurements;
pub mod programme_events;
mod terms;
pub mod tokens;

pub use collate::{CollationKey, collation_key};
pub use organizations::{District, FacetCount, OrgFacets, OrgIndex, OrgQuery, OrgSearch, OrgSort};
