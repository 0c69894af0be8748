//! Two to four sentences of Polish about what an organisation does.

use super::rng::Rng;
use super::streets::District;
use super::themes::Theme;
use crate::domain::organization::{LegalForm, Statuses};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Masculine,
    Feminine,
    Neuter,
}

impl Gender {
    /// Past tense of a verb given in the masculine form: "powstał" → "powstała", "powstało".
    fn past(self, masculine: &str) -> String {
        match self {
            Gender::Masculine => masculine.to_string(),
            Gender::Feminine => format!("{masculine}a"),
            Gender::Neuter => format!("{masculine}o"),
        }
    }

    fn possessive(self) -> &'static str {
        match self {
            Gender::Feminine => "jej",
            _ => "jego",
        }
    }
}

/// How a description refers to an organisation of a legal form.
struct Subject {
    /// The noun that opens a sentence ("Stowarzyszenie działa …").
    noun: &'static str,
    gender: Gender,
    /// A feminine phrase for "To … działająca na Mokrem".
    kind: &'static str,
    economic: bool,
}

fn subject(form: LegalForm) -> Subject {
    use Gender::*;
    let (noun, gender, kind, economic) = match form {
        LegalForm::Association => ("Stowarzyszenie", Neuter, "organizacja pozarządowa", false),
        LegalForm::Foundation => ("Fundacja", Feminine, "organizacja pozarządowa", false),
        LegalForm::Cis => (
            "Centrum",
            Neuter,
            "placówka reintegracji społecznej i zawodowej",
            true,
        ),
        LegalForm::Kis => (
            "Klub",
            Masculine,
            "placówka wsparcia osób zagrożonych wykluczeniem",
            false,
        ),
        LegalForm::SportsClub => ("Klub", Masculine, "organizacja sportowa", false),
        LegalForm::ChurchOrganization => ("Organizacja", Feminine, "organizacja kościelna", false),
        LegalForm::SocialCooperative => ("Spółdzielnia", Feminine, "spółdzielnia socjalna", true),
        LegalForm::WorkCooperative => ("Spółdzielnia", Feminine, "spółdzielnia pracy", true),
        LegalForm::DisabledCooperative => {
            ("Spółdzielnia", Feminine, "spółdzielnia inwalidów", true)
        }
        LegalForm::LocalGovernmentAssociation => {
            ("Stowarzyszenie", Neuter, "organizacja samorządowa", false)
        }
        LegalForm::Wtz => (
            "Warsztat",
            Masculine,
            "placówka rehabilitacji społecznej i zawodowej",
            false,
        ),
        LegalForm::Zaz => (
            "Zakład",
            Masculine,
            "jednostka zatrudniająca osoby z niepełnosprawnościami",
            true,
        ),
        LegalForm::NonProfitCompany => ("Spółka", Feminine, "spółka non profit", true),
        LegalForm::RuralWomenCircle => ("Koło", Neuter, "organizacja mieszkanek", false),
    };
    Subject {
        noun,
        gender,
        kind,
        economic,
    }
}

fn intro(rng: &mut Rng, s: &Subject, theme: &Theme, district: &District, founded: i32) -> String {
    let noun = s.noun;
    match rng.below(4) {
        0 if !theme.founders.is_empty() => {
            let founders = district.fill(rng.pick(theme.founders));
            format!(
                "{noun} {} w {founded} r. z inicjatywy {founders}.",
                s.gender.past("powstał")
            )
        }
        1 => format!(
            "{noun} działa od {founded} roku, a {} siedziba mieści się {}.",
            s.gender.possessive(),
            district.locative
        ),
        2 => format!(
            "To {} działająca {} od {founded} r.",
            s.kind, district.locative
        ),
        _ => format!(
            "{noun} działa od {founded} r. i ma siedzibę {}.",
            district.locative
        ),
    }
}

const NGO_CLOSING: &[&str] = &[
    "Do współpracy zapraszani są wolontariusze, a także firmy zainteresowane społeczną odpowiedzialnością biznesu.",
    "Działania są finansowane m.in. z dotacji Gminy Miasta Toruń, grantów i darowizn.",
    "Nowe osoby chętne do pomocy są zawsze mile widziane.",
    "Z oferty organizacji można korzystać bezpłatnie.",
    "Organizacja współpracuje z Urzędem Miasta Torunia oraz innymi podmiotami ekonomii społecznej.",
];

const ECONOMIC_CLOSING: &[&str] = &[
    "Zysk przeznaczany jest na reintegrację społeczną i zawodową pracowników oraz na cele społeczne.",
    "Zamówienia przyjmowane są telefonicznie i mailowo, a wycena jest bezpłatna.",
    "Wśród klientów są Gmina Miasta Toruń, firmy, osoby prywatne i inne podmioty ekonomii społecznej.",
];

/// Builds the description: an opening, one or two sentences about the work, maybe a closing.
pub fn describe(
    rng: &mut Rng,
    form: LegalForm,
    theme: &Theme,
    district: &District,
    founded: i32,
    statuses: &Statuses,
) -> String {
    let s = subject(form);
    let mut sentences: Vec<String> = Vec::with_capacity(4);
    sentences.push(intro(rng, &s, theme, district, founded));
    let activities = if rng.chance(0.6) { 2 } else { 1 };
    for i in rng.distinct_indices(theme.activities.len(), activities) {
        sentences.push(district.fill(theme.activities[i]));
    }
    if sentences.len() < 4 && rng.chance(0.6) {
        let closing = if statuses.prosocial_label_until.is_some() && rng.chance(0.5) {
            format!(
                "{} znak „Zakup Prospołeczny”, potwierdzający wysoką jakość produktów i usług.",
                capitalise(&s.gender.past("otrzymał"))
            )
        } else if statuses.social_enterprise && rng.chance(0.5) {
            "Posiada status przedsiębiorstwa społecznego.".to_string()
        } else if statuses.opp && rng.chance(0.5) {
            "Jako organizacja pożytku publicznego może otrzymywać 1,5% podatku dochodowego od osób fizycznych.".to_string()
        } else if s.economic {
            rng.pick(ECONOMIC_CLOSING).to_string()
        } else {
            rng.pick(NGO_CLOSING).to_string()
        };
        sentences.push(closing);
    }
    sentences.join(" ")
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_tense_agrees_with_the_noun() {
        assert_eq!(Gender::Feminine.past("powstał"), "powstała");
        assert_eq!(Gender::Neuter.past("powstał"), "powstało");
        assert_eq!(Gender::Masculine.past("otrzymał"), "otrzymał");
        assert_eq!(capitalise("otrzymała"), "Otrzymała");
    }
}
