//! The two-level category tree of products and services (and of the needs that ask for them),
//! after the trades of the original platform's PES. A record carries the code of a subcategory;
//! filtering by a main category includes all its subcategories.

/// A main category or a subcategory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// Stable code for URLs, the API and storage, e.g. "gastronomia/catering".
    pub code: &'static str,
    pub label: &'static str,
    /// The main category's code; `None` for a main category.
    pub parent: Option<&'static str>,
}

macro_rules! tree {
    ($($main:literal, $main_label:literal => [$($sub:literal, $sub_label:literal;)+])+) => {
        &[$(
            Category { code: $main, label: $main_label, parent: None },
            $(Category { code: concat!($main, "/", $sub), label: $sub_label, parent: Some($main) },)+
        )+]
    };
}

/// Every category in display order: each main category followed by its subcategories.
pub static CATEGORIES: &[Category] = tree! {
    "gastronomia", "Gastronomia" => [
        "catering", "Catering";
        "obiady", "Obiady i posiłki";
        "wypieki", "Wypieki i cukiernia";
        "przetwory", "Przetwory i żywność lokalna";
    ]
    "porzadkowe", "Usługi porządkowe" => [
        "sprzatanie", "Sprzątanie pomieszczeń";
        "utrzymanie-terenu", "Utrzymanie terenu i odśnieżanie";
        "pranie", "Pranie i magiel";
    ]
    "remontowo-budowlane", "Usługi remontowo-budowlane" => [
        "remonty", "Remonty i wykończenia";
        "malowanie", "Malowanie";
        "drobne-naprawy", "Drobne naprawy";
        "stolarstwo", "Stolarstwo";
    ]
    "ogrodnicze", "Usługi ogrodnicze" => [
        "pielegnacja-zieleni", "Pielęgnacja zieleni";
        "zakladanie-ogrodow", "Zakładanie ogrodów";
        "rosliny", "Rośliny i sadzonki";
    ]
    "poligrafia", "Poligrafia" => [
        "druk", "Druk i kserowanie";
        "introligatorstwo", "Introligatorstwo";
        "projektowanie", "Projektowanie graficzne";
    ]
    "rekodzielo", "Rękodzieło" => [
        "ceramika", "Ceramika";
        "tekstylia", "Tekstylia i szycie";
        "upominki", "Upominki i gadżety";
        "wyroby-z-drewna", "Wyroby z drewna";
    ]
    "edukacja", "Edukacja i szkolenia" => [
        "szkolenia", "Szkolenia i warsztaty";
        "zajecia-dla-dzieci", "Zajęcia dla dzieci i młodzieży";
        "jezyki", "Nauka języków";
    ]
    "opieka", "Opieka" => [
        "seniorzy", "Opieka nad seniorami";
        "dzieci", "Opieka nad dziećmi";
        "asystencja", "Asystencja osobista";
    ]
    "turystyka", "Turystyka" => [
        "noclegi", "Noclegi";
        "wycieczki", "Wycieczki i przewodnictwo";
    ]
    "kultura", "Kultura" => [
        "wydarzenia", "Organizacja wydarzeń";
        "wystepy", "Występy i koncerty";
        "sale", "Wynajem sal";
    ]
    "rehabilitacja", "Rehabilitacja" => [
        "fizjoterapia", "Fizjoterapia";
        "terapia-zajeciowa", "Terapia zajęciowa";
    ]
    "transport", "Transport" => [
        "przewoz-osob", "Przewóz osób";
        "przeprowadzki", "Przeprowadzki i przewóz rzeczy";
    ]
};

/// The category with this code (main or sub).
pub fn find(code: &str) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.code == code)
}

/// The main categories, in display order.
pub fn main_categories() -> impl Iterator<Item = &'static Category> {
    CATEGORIES.iter().filter(|c| c.parent.is_none())
}

/// The subcategories of a main category, in display order.
pub fn subcategories(parent: &str) -> impl Iterator<Item = &'static Category> + '_ {
    CATEGORIES.iter().filter(move |c| c.parent == Some(parent))
}

/// "Gastronomia › Catering" for a subcategory, the label alone for a main category; the code
/// itself when it is unknown (an old record after the tree changed).
pub fn path_label(code: &str) -> String {
    match find(code) {
        Some(Category {
            parent: Some(parent),
            label,
            ..
        }) => format!("{} › {}", find(parent).map_or(*parent, |p| p.label), label),
        Some(c) => c.label.to_string(),
        None => code.to_string(),
    }
}

/// Whether a record in category `code` belongs to the filter `selected` (the same category,
/// or `selected` is its main category).
pub fn matches(code: &str, selected: &str) -> bool {
    code == selected
        || code
            .split_once('/')
            .is_some_and(|(main, _)| main == selected)
}

/// Whether `code` names a subcategory a record may carry.
pub fn is_leaf(code: &str) -> bool {
    find(code).is_some_and(|c| c.parent.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_children_follow_their_parent() {
        let mut seen = std::collections::HashSet::new();
        let mut current_main = None;
        for c in CATEGORIES {
            assert!(seen.insert(c.code), "duplicate {}", c.code);
            match c.parent {
                None => current_main = Some(c.code),
                Some(p) => {
                    assert_eq!(Some(p), current_main);
                    assert!(c.code.starts_with(&format!("{p}/")));
                }
            }
        }
        assert!(main_categories().count() >= 10);
    }

    #[test]
    fn a_main_category_includes_its_subcategories() {
        assert!(matches("gastronomia/catering", "gastronomia"));
        assert!(matches("gastronomia/catering", "gastronomia/catering"));
        assert!(!matches("gastronomia/catering", "gastro"));
        assert!(!matches("opieka/dzieci", "gastronomia"));
        assert_eq!(path_label("gastronomia/catering"), "Gastronomia › Catering");
        assert!(is_leaf("opieka/dzieci") && !is_leaf("opieka") && !is_leaf("nic"));
        assert_eq!(subcategories("turystyka").count(), 2);
    }
}
