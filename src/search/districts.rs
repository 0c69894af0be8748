//! The districts (osiedla) that records name, as facet values.
//!
//! Districts are free text on records, so the same district may be spelt differently
//! ("Bydgoskie Przedmieście", "bydgoskie przedmieście"). Records with the same slug are one
//! district; it is shown with the spelling most records use.

use std::collections::HashMap;

use super::collate::{CollationKey, collation_key};
use crate::domain::slug::slugify;

/// A district as a facet value: `slug` goes into URLs, `name` is shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct District {
    pub slug: String,
    pub name: String,
}

/// A dense number for a district; [`NO_DISTRICT`] for records without one.
pub(crate) type DistrictId = u32;
pub(crate) const NO_DISTRICT: DistrictId = DistrictId::MAX;

#[derive(Debug, Clone)]
struct Entry {
    slug: String,
    /// Spellings in use and how many records use each.
    spellings: Vec<(String, usize)>,
    records: usize,
    name: String,
    key: CollationKey,
}

/// Every district ever seen since the index was built; ids stay stable while it lives.
#[derive(Debug, Clone, Default)]
pub(crate) struct DistrictTable {
    by_slug: HashMap<String, DistrictId>,
    entries: Vec<Entry>,
    /// All ids in Polish order of their names.
    order: Vec<DistrictId>,
    dirty: bool,
}

impl DistrictTable {
    /// Counts one more record in the district called `name`; returns its id.
    pub fn add(&mut self, name: &str) -> DistrictId {
        let name = name.trim();
        let slug = slugify(name);
        if slug.is_empty() {
            return NO_DISTRICT;
        }
        let id = match self.by_slug.get(&slug) {
            Some(&id) => id,
            None => {
                let id = self.entries.len() as DistrictId;
                self.entries.push(Entry {
                    slug: slug.clone(),
                    spellings: Vec::new(),
                    records: 0,
                    name: String::new(),
                    key: CollationKey::default(),
                });
                self.by_slug.insert(slug, id);
                id
            }
        };
        let entry = &mut self.entries[id as usize];
        entry.records += 1;
        match entry.spellings.iter_mut().find(|(s, _)| s == name) {
            Some((_, count)) => *count += 1,
            None => entry.spellings.push((name.to_owned(), 1)),
        }
        self.dirty = true;
        id
    }

    /// Undoes one [`DistrictTable::add`] of `name` that returned `id`.
    pub fn remove(&mut self, id: DistrictId, name: &str) {
        let Some(entry) = self.entries.get_mut(id as usize) else {
            return;
        };
        let name = name.trim();
        entry.records = entry.records.saturating_sub(1);
        if let Some(at) = entry.spellings.iter().position(|(s, _)| s == name) {
            entry.spellings[at].1 = entry.spellings[at].1.saturating_sub(1);
        }
        self.dirty = true;
    }

    /// Chooses display names and the order again after changes.
    pub fn refresh(&mut self) {
        if !self.dirty {
            return;
        }
        for entry in &mut self.entries {
            if entry.records > 0 {
                entry.spellings.retain(|(_, count)| *count > 0);
            }
            // The most used spelling; among equals the one seen first.
            let mut best: Option<(&str, usize)> = None;
            for (spelling, count) in &entry.spellings {
                if best.is_none_or(|(_, best_count)| *count > best_count) {
                    best = Some((spelling, *count));
                }
            }
            if let Some((spelling, _)) = best
                && entry.name != spelling
            {
                entry.name = spelling.to_owned();
                entry.key = collation_key(spelling);
            }
        }
        let entries = &self.entries;
        self.order = (0..entries.len() as DistrictId).collect();
        self.order.sort_by(|&a, &b| {
            let (a, b) = (&entries[a as usize], &entries[b as usize]);
            a.key.cmp(&b.key).then_with(|| a.slug.cmp(&b.slug))
        });
        self.dirty = false;
    }

    /// The id of the district with this slug (also when no record is in it any more).
    pub fn lookup(&self, slug: &str) -> Option<DistrictId> {
        self.by_slug.get(slug).copied()
    }

    /// Number of ids handed out (the size for per-district arrays).
    pub fn id_count(&self) -> usize {
        self.entries.len()
    }

    /// All ids in Polish order of their names, including districts without records now.
    pub fn ordered(&self) -> &[DistrictId] {
        &self.order
    }

    /// Number of indexed records in the district.
    pub fn records(&self, id: DistrictId) -> usize {
        self.entries.get(id as usize).map_or(0, |e| e.records)
    }

    pub fn district(&self, id: DistrictId) -> District {
        let entry = &self.entries[id as usize];
        District {
            slug: entry.slug.clone(),
            name: entry.name.clone(),
        }
    }

    /// Districts that have records, in Polish order.
    pub fn in_use(&self) -> Vec<District> {
        self.order
            .iter()
            .filter(|&&id| self.records(id) > 0)
            .map(|&id| self.district(id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(table: &DistrictTable) -> Vec<String> {
        table.in_use().into_iter().map(|d| d.name).collect()
    }

    #[test]
    fn districts_are_listed_in_polish_order_under_their_usual_spelling() {
        let mut table = DistrictTable::default();
        let podgorz = table.add("Podgórz");
        table.add("Stare Miasto");
        table.add("stare miasto");
        table.add("  stare miasto ");
        table.add("Łódź-Bałuty");
        table.add("Lubicz");
        assert_eq!(table.add(" „” "), NO_DISTRICT);
        table.refresh();
        assert_eq!(
            names(&table),
            ["Lubicz", "Łódź-Bałuty", "Podgórz", "stare miasto"]
        );
        assert_eq!(
            table.lookup("stare-miasto").map(|id| table.records(id)),
            Some(3)
        );
        assert_eq!(table.district(podgorz).slug, "podgorz");

        table.remove(podgorz, "Podgórz");
        table.remove(table.lookup("stare-miasto").unwrap(), "stare miasto");
        table.refresh();
        assert_eq!(names(&table), ["Lubicz", "Łódź-Bałuty", "Stare Miasto"]);
        // A district without records keeps its id and name, for a link that names it.
        assert_eq!(table.lookup("podgorz"), Some(podgorz));
        assert_eq!(table.district(podgorz).name, "Podgórz");
        assert_eq!(table.records(podgorz), 0);
    }
}
