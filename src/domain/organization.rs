//! A social economy entity (PES) in the directory: the record, its vocabularies and its rules.

use serde::{Deserialize, Serialize};

use super::geo::GeoPoint;
use super::photo::Photo;
use super::validate::{self, FieldErrors};
use super::vocabulary::vocabulary;
use super::{RecordState, Timestamp};

/// Identifier of an organisation record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OrgId(pub u64);

/// The record as stored. New fields must be `#[serde(default)]` so old files stay readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: OrgId,
    /// Stable public identifier used in URLs (`/podmioty/{slug}`).
    pub slug: String,
    pub name: String,
    pub legal_form: LegalForm,
    #[serde(default)]
    pub krs: Option<String>,
    #[serde(default)]
    pub nip: Option<String>,
    #[serde(default)]
    pub regon: Option<String>,
    pub address: Address,
    /// The city district (osiedle) the seat is in.
    pub district: String,
    #[serde(default)]
    pub geo: Option<GeoPoint>,
    #[serde(default)]
    pub contact: Contact,
    pub description: String,
    #[serde(default)]
    pub areas: Vec<Area>,
    #[serde(default)]
    pub target_groups: Vec<TargetGroup>,
    #[serde(default)]
    pub statuses: Statuses,
    pub state: RecordState,
    pub created: Timestamp,
    pub updated: Timestamp,
    /// The user who last changed the record; `None` for imported and demo data.
    #[serde(default)]
    pub author: Option<u64>,
    /// Marks records written by the demo generator, so the UI can say so.
    #[serde(default)]
    pub demo: bool,
    /// The organisation's logo (its image lives in the media table).
    #[serde(default)]
    pub logo: Option<Photo>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    /// Street with number, e.g. "ul. Szeroka 12/3".
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    /// Name of the public contact person (a role address, not private data).
    #[serde(default)]
    pub person: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Statuses {
    /// Organizacja pożytku publicznego.
    #[serde(default)]
    pub opp: bool,
    /// Przedsiębiorstwo społeczne (status under the 2022 act).
    #[serde(default)]
    pub social_enterprise: bool,
    /// "Zakup Prospołeczny" label, valid until this day inclusive.
    #[serde(default)]
    pub prosocial_label_until: Option<jiff::civil::Date>,
}

impl Statuses {
    /// Whether the "Zakup Prospołeczny" label is valid on `today`.
    pub fn has_valid_label(&self, today: jiff::civil::Date) -> bool {
        self.prosocial_label_until
            .is_some_and(|until| until >= today)
    }
}

/// A status a visitor can filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusFilter {
    Opp,
    SocialEnterprise,
    ProsocialLabel,
}

vocabulary! {
    /// Legal forms as listed by the original Toruń platform.
    LegalForm {
        Foundation => "fundacja", "Fundacja";
        Association => "stowarzyszenie", "Stowarzyszenie";
        Cis => "cis", "Centrum Integracji Społecznej (CIS)";
        Kis => "kis", "Klub Integracji Społecznej (KIS)";
        SportsClub => "klub-sportowy", "Klub sportowy";
        ChurchOrganization => "organizacja-koscielna", "Organizacja kościelna";
        SocialCooperative => "spoldzielnia-socjalna", "Spółdzielnia socjalna";
        WorkCooperative => "spoldzielnia-pracy", "Spółdzielnia pracy";
        DisabledCooperative => "spoldzielnia-inwalidow", "Spółdzielnia inwalidów i niewidomych";
        LocalGovernmentAssociation => "stowarzyszenie-jst", "Stowarzyszenie jednostek samorządu terytorialnego";
        Wtz => "wtz", "Warsztat Terapii Zajęciowej (WTZ)";
        Zaz => "zaz", "Zakład Aktywności Zawodowej (ZAZ)";
        NonProfitCompany => "spolka-non-profit", "Spółka non-profit";
        RuralWomenCircle => "kgw", "Koło gospodyń wiejskich";
    }
}

vocabulary! {
    /// Areas of activity (obszary działalności).
    Area {
        SocialAssistance => "pomoc-spoleczna", "Pomoc społeczna";
        LabourMarket => "rynek-pracy", "Aktywizacja zawodowa i rynek pracy";
        Education => "edukacja", "Edukacja i wychowanie";
        Culture => "kultura", "Kultura i sztuka";
        Sport => "sport", "Sport, turystyka i rekreacja";
        Health => "zdrowie", "Ochrona zdrowia";
        Disability => "niepelnosprawnosc", "Wsparcie osób z niepełnosprawnościami";
        Environment => "ekologia", "Ekologia i ochrona środowiska";
        LocalDevelopment => "rozwoj-lokalny", "Rozwój lokalny i aktywność obywatelska";
        Seniors => "seniorzy", "Działania na rzecz seniorów";
        ChildrenYouth => "dzieci-mlodziez", "Dzieci i młodzież";
        Catering => "gastronomia", "Gastronomia i catering";
        Cleaning => "uslugi-porzadkowe", "Usługi porządkowe i zieleń";
        Construction => "remonty", "Remonty i usługi budowlane";
        Crafts => "rekodzielo", "Rękodzieło i produkcja";
        Addiction => "uzaleznienia", "Przeciwdziałanie uzależnieniom";
    }
}

vocabulary! {
    /// Groups of people an organisation works with (grupy docelowe).
    TargetGroup {
        Children => "dzieci", "Dzieci";
        Youth => "mlodziez", "Młodzież";
        Seniors => "seniorzy", "Seniorzy";
        Disabled => "niepelnosprawni", "Osoby z niepełnosprawnościami";
        Unemployed => "bezrobotni", "Osoby bezrobotne";
        Homeless => "bezdomni", "Osoby w kryzysie bezdomności";
        Addicted => "uzaleznieni", "Osoby uzależnione";
        Families => "rodziny", "Rodziny";
        Migrants => "migranci", "Cudzoziemcy i migranci";
        Excluded => "wykluczeni", "Osoby zagrożone wykluczeniem społecznym";
        FormerPrisoners => "opuszczajacy-zaklady-karne", "Osoby opuszczające zakłady karne";
        Residents => "mieszkancy", "Mieszkańcy ogółem";
        Ngos => "organizacje", "Organizacje pozarządowe";
    }
}

impl StatusFilter {
    pub const ALL: &'static [StatusFilter] = &[
        StatusFilter::Opp,
        StatusFilter::SocialEnterprise,
        StatusFilter::ProsocialLabel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StatusFilter::Opp => "opp",
            StatusFilter::SocialEnterprise => "przedsiebiorstwo-spoleczne",
            StatusFilter::ProsocialLabel => "zakup-prospoleczny",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::Opp => "Organizacja pożytku publicznego (OPP)",
            StatusFilter::SocialEnterprise => "Przedsiębiorstwo społeczne",
            StatusFilter::ProsocialLabel => "Znak „Zakup Prospołeczny”",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }
}

impl Organization {
    /// The statuses this organisation holds on `today`, in display order.
    pub fn active_statuses(&self, today: jiff::civil::Date) -> Vec<StatusFilter> {
        let mut out = Vec::new();
        if self.statuses.opp {
            out.push(StatusFilter::Opp);
        }
        if self.statuses.social_enterprise {
            out.push(StatusFilter::SocialEnterprise);
        }
        if self.statuses.has_valid_label(today) {
            out.push(StatusFilter::ProsocialLabel);
        }
        out
    }

    /// Checks every field a person can type; the messages are Polish and keyed by field name.
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        if self.name.trim().chars().count() < 3 {
            errors.add(
                "name",
                "Podaj pełną nazwę organizacji (co najmniej 3 znaki).",
            );
        }
        if self.slug.is_empty() {
            errors.add("name", "Nazwa musi zawierać litery lub cyfry.");
        }
        if let Some(krs) = &self.krs
            && !validate::is_krs(krs)
        {
            errors.add("krs", "Numer KRS składa się z 10 cyfr.");
        }
        if let Some(nip) = &self.nip
            && !validate::is_nip(nip)
        {
            errors.add("nip", "Numer NIP jest niepoprawny (sprawdź cyfry).");
        }
        if let Some(regon) = &self.regon
            && !validate::is_regon(regon)
        {
            errors.add("regon", "Numer REGON jest niepoprawny (sprawdź cyfry).");
        }
        if !validate::is_postal_code(&self.address.postal_code) {
            errors.add("postal_code", "Kod pocztowy ma postać 00-000.");
        }
        if self.address.street.trim().is_empty() {
            errors.add("street", "Podaj ulicę i numer.");
        }
        if let Some(email) = &self.contact.email
            && !validate::is_email(email)
        {
            errors.add("email", "Adres e-mail jest niepoprawny.");
        }
        if let Some(url) = &self.contact.website
            && !validate::is_http_url(url)
        {
            errors.add(
                "website",
                "Adres strony musi zaczynać się od http:// lub https://.",
            );
        }
        if let Some(geo) = self.geo
            && !geo.is_valid()
        {
            errors.add("geo", "Współrzędne są poza zakresem.");
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_codes_round_trip() {
        for form in LegalForm::ALL {
            assert_eq!(LegalForm::from_code(form.code()), Some(*form));
        }
        for area in Area::ALL {
            assert_eq!(Area::from_code(area.code()), Some(*area));
        }
        for group in TargetGroup::ALL {
            assert_eq!(TargetGroup::from_code(group.code()), Some(*group));
        }
        for status in StatusFilter::ALL {
            assert_eq!(StatusFilter::from_code(status.code()), Some(*status));
        }
        assert_eq!(LegalForm::from_code("spółka"), None);
    }

    #[test]
    fn label_validity_includes_the_last_day() {
        let until = jiff::civil::date(2026, 12, 31);
        let statuses = Statuses {
            prosocial_label_until: Some(until),
            ..Statuses::default()
        };
        assert!(statuses.has_valid_label(until));
        assert!(!statuses.has_valid_label(jiff::civil::date(2027, 1, 1)));
    }
}
