//! The localities of the voivodeship (towns and villages from the state register of geographic
//! names, PRNG), for choosing a place on forms and for labels on the base map.

use std::sync::OnceLock;

use crate::domain::geo::GeoPoint;
use crate::text::fold::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalityKind {
    Town,
    Village,
}

#[derive(Debug, Clone)]
pub struct Locality {
    pub name: String,
    pub kind: LocalityKind,
    pub powiat: String,
    /// The gmina as the register names it, e.g. "Łysomice-gmina wiejska".
    pub gmina: String,
    pub point: GeoPoint,
    /// The name folded for searching ("torun").
    folded: String,
}

impl Locality {
    /// "Toruń (miasto, powiat Toruń)" — enough to tell apart villages of the same name.
    pub fn label(&self) -> String {
        let kind = match self.kind {
            LocalityKind::Town => "miasto",
            LocalityKind::Village => "wieś",
        };
        format!("{} ({kind}, powiat {})", self.name, self.powiat)
    }
}

/// Every locality of the embedded file, parsed once.
pub fn all() -> &'static [Locality] {
    static ALL: OnceLock<Vec<Locality>> = OnceLock::new();
    ALL.get_or_init(|| {
        let bytes = super::data::file("localities.tsv").unwrap_or_default();
        parse(&String::from_utf8_lossy(&bytes))
    })
}

/// Localities whose name starts with `text` (case and diacritics ignored), towns first, then
/// by name; at most `limit`.
pub fn search(text: &str, limit: usize) -> Vec<&'static Locality> {
    let wanted = fold(text.trim());
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<&Locality> = all()
        .iter()
        .filter(|l| l.folded.starts_with(&wanted))
        .collect();
    found.sort_by_key(|l| {
        (
            l.kind != LocalityKind::Town,
            l.folded != wanted,
            l.folded.len(),
        )
    });
    found.truncate(limit);
    found
}

/// Reads `name\tkind\tpowiat\tgmina\tlat\tlon` lines; `#` lines are comments. A malformed line
/// is skipped: the file is ours and checked by a test, so this only guards against a bad edit.
fn parse(text: &str) -> Vec<Locality> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(parse_line)
        .collect()
}

fn parse_line(line: &str) -> Option<Locality> {
    let mut fields = line.split('\t');
    let name = fields.next()?.to_string();
    let kind = match fields.next()? {
        "miasto" => LocalityKind::Town,
        "wieś" => LocalityKind::Village,
        _ => return None,
    };
    let powiat = fields.next()?.to_string();
    let gmina = fields.next()?.to_string();
    let lat = fields.next()?.parse().ok()?;
    let lon = fields.next()?.parse().ok()?;
    let point = GeoPoint { lat, lon };
    point.is_valid().then(|| Locality {
        folded: fold(&name),
        name,
        kind,
        powiat,
        gmina,
        point,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_embedded_file_is_read() {
        let bytes = crate::map::data::file("localities.tsv").expect("localities.tsv embedded");
        let text = String::from_utf8(bytes.into_owned()).expect("UTF-8");
        let lines = text.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(all().len(), lines);
        assert!(lines > 2_000, "{lines} localities");
    }

    #[test]
    fn torun_is_found_without_diacritics_and_first() {
        let found = search("torun", 5);
        assert_eq!(found[0].name, "Toruń");
        assert_eq!(found[0].kind, LocalityKind::Town);
        assert!((found[0].point.lat - 53.0131).abs() < 1e-6);
        assert!(found.iter().all(|l| l.folded.starts_with("torun")));
        assert!(search("  ", 5).is_empty());
    }

    #[test]
    fn malformed_lines_are_skipped() {
        let parsed =
            parse("A\tmiasto\tp\tg\t53.0\t18.6\nB\tosada\tp\tg\t1\t2\nC\twieś\tp\tg\tx\t2\n");
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].label(), "A (miasto, powiat p)");
    }
}
