//! The register of public procurements with social clauses (`/klauzule`): what the city
//! ordered, under which act and procedure, which social clauses the documents contained, who
//! won and what the clauses achieved. Staff keep it; anyone reads it.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::organization::OrgId;
use super::user::UserId;
use super::vocabulary::vocabulary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProcurementId(pub u64);

vocabulary! {
    /// The subject of the procurement, as the Pzp divides it.
    ProcurementType {
        Supplies => "dostawy", "Dostawy";
        Services => "uslugi", "Usługi";
        Works => "roboty-budowlane", "Roboty budowlane";
    }
}

vocabulary! {
    /// How the contractor was chosen.
    Procedure {
        OpenTender => "przetarg-nieograniczony", "Przetarg nieograniczony";
        RestrictedTender => "przetarg-ograniczony", "Przetarg ograniczony";
        BasicMode => "tryb-podstawowy", "Tryb podstawowy";
        NegotiatedWithNotice => "negocjacje-z-ogloszeniem", "Negocjacje z ogłoszeniem";
        NegotiatedWithoutNotice => "negocjacje-bez-ogloszenia", "Negocjacje bez ogłoszenia";
        CompetitiveDialogue => "dialog-konkurencyjny", "Dialog konkurencyjny";
        SingleSource => "wolna-reka", "Zamówienie z wolnej ręki";
        RequestForQuotations => "zapytanie-o-cene", "Zapytanie o cenę";
        Enquiry => "zapytanie-ofertowe", "Zapytanie ofertowe";
    }
}

vocabulary! {
    /// The public procurement act the procurement was conducted under.
    Act {
        Pzp2004 => "pzp-2004", "Pzp 2004 (ustawa z 29 stycznia 2004 r.)";
        Pzp2019 => "pzp-2019", "Pzp 2019 (ustawa z 11 września 2019 r.)";
    }
}

vocabulary! {
    /// Whether the estimated value was above or below the act's threshold of application.
    ThresholdClass {
        Above => "powyzej-progu", "Powyżej progu";
        Below => "ponizej-progu", "Poniżej progu";
    }
}

vocabulary! {
    /// The legal basis of a social clause; each belongs to one act.
    LegalBasis {
        Art94 => "pzp2019-art-94", "art. 94 – zamówienie zastrzeżone";
        Art95 => "pzp2019-art-95", "art. 95 – zatrudnienie na podstawie umowy o pracę";
        Art96A => "pzp2019-art-96-2-2-a", "art. 96 ust. 2 pkt 2 lit. a – zatrudnienie bezrobotnych";
        Art96B => "pzp2019-art-96-2-2-b", "art. 96 ust. 2 pkt 2 lit. b – zatrudnienie osób poszukujących pracy, bez zatrudnienia";
        Art96C => "pzp2019-art-96-2-2-c", "art. 96 ust. 2 pkt 2 lit. c – zatrudnienie osób usamodzielnianych (piecza zastępcza)";
        Art96D => "pzp2019-art-96-2-2-d", "art. 96 ust. 2 pkt 2 lit. d – zatrudnienie młodocianych w celu przygotowania zawodowego";
        Art96E => "pzp2019-art-96-2-2-e", "art. 96 ust. 2 pkt 2 lit. e – zatrudnienie osób niepełnosprawnych";
        Art96F => "pzp2019-art-96-2-2-f", "art. 96 ust. 2 pkt 2 lit. f – zatrudnienie osób, o których mowa w ustawie o zatrudnieniu socjalnym";
        Art96G => "pzp2019-art-96-2-2-g", "art. 96 ust. 2 pkt 2 lit. g – zatrudnienie osób do 30. i po 50. roku życia poszukujących pracy, bez zatrudnienia";
        Art242 => "pzp2019-art-242-2", "art. 242 ust. 2 – społeczne kryterium oceny ofert";
        Pzp2004Art22 => "pzp2004-art-22-2", "art. 22 ust. 2 – zamówienie zastrzeżone dla zakładów pracy chronionej";
        Pzp2004Art29 => "pzp2004-art-29-4", "art. 29 ust. 4 – wymóg zatrudnienia bezrobotnych lub osób niepełnosprawnych";
    }
}

impl LegalBasis {
    /// The act the basis comes from.
    pub fn act(self) -> Act {
        match self {
            LegalBasis::Pzp2004Art22 | LegalBasis::Pzp2004Art29 => Act::Pzp2004,
            _ => Act::Pzp2019,
        }
    }

    /// The provision alone, e.g. "art. 96 ust. 2 pkt 2 lit. b" (tables, CSV).
    pub fn provision(self) -> &'static str {
        self.label().split(" – ").next().unwrap_or("")
    }

    /// The provision with its act, e.g. "Pzp 2019, art. 94 – zamówienie zastrzeżone".
    pub fn full_label(self) -> String {
        format!("{}, {}", self.act().short(), self.label())
    }
}

impl Act {
    /// "Pzp 2004" / "Pzp 2019".
    pub fn short(self) -> &'static str {
        match self {
            Act::Pzp2004 => "Pzp 2004",
            Act::Pzp2019 => "Pzp 2019",
        }
    }

    /// The threshold of the act's application, as the act states it.
    pub fn threshold(self) -> &'static str {
        match self {
            Act::Pzp2004 => "14 000 euro",
            Act::Pzp2019 => "130 000 zł",
        }
    }
}

impl ThresholdClass {
    /// "powyżej 14 000 euro (Pzp 2004)".
    pub fn describe(self, act: Act) -> String {
        let side = match self {
            ThresholdClass::Above => "powyżej",
            ThresholdClass::Below => "poniżej",
        };
        format!("{side} {} ({})", act.threshold(), act.short())
    }
}

vocabulary! {
    /// Whom a clause is for.
    TargetGroup {
        Unemployed => "bezrobotni", "Bezrobotni";
        Disabled => "niepelnosprawni", "Osoby niepełnosprawne";
        Juveniles => "mlodociani", "Młodociani (przygotowanie zawodowe)";
        SociallyExcluded => "wykluczeni-spolecznie", "Osoby wykluczone społecznie";
        JobSeekers => "poszukujacy-pracy", "Osoby poszukujące pracy do 30. i po 50. roku życia";
        CareLeavers => "usamodzielniani", "Osoby usamodzielniane";
        FormerPrisoners => "zwalniani-z-zakladow-karnych", "Osoby zwalniane z zakładów karnych";
        MentalDisorders => "zaburzenia-psychiczne", "Osoby z zaburzeniami psychicznymi";
        Homeless => "bezdomni", "Osoby bezdomne";
        Employees => "pracownicy", "Pracownicy zatrudnieni na umowę o pracę";
        Other => "inne", "Inne osoby w niekorzystnej sytuacji";
    }
}

vocabulary! {
    /// Where the procurement stands.
    ProcurementStatus {
        Announced => "ogloszone", "Ogłoszone";
        InProgress => "w-toku", "W toku";
        Awarded => "udzielone", "Udzielone";
        Completed => "zrealizowane", "Zrealizowane";
        Cancelled => "uniewaznione", "Unieważnione";
    }
}

impl ProcurementStatus {
    /// Whether a contractor has been chosen by now.
    pub fn has_contractor(self) -> bool {
        matches!(
            self,
            ProcurementStatus::Awarded | ProcurementStatus::Completed
        )
    }
}

/// One social clause of a procurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clause {
    pub basis: LegalBasis,
    pub target_group: TargetGroup,
    /// Required number of people — or, instead, [`Clause::required_percent`].
    #[serde(default)]
    pub required_people: Option<u32>,
    /// Required share of the staff doing the contract, 1–100.
    #[serde(default)]
    pub required_percent: Option<u8>,
    /// For how many months the people are to be employed.
    #[serde(default)]
    pub months: Option<u32>,
    /// What the contractor committed to, in words.
    #[serde(default)]
    pub committed: String,
    /// What was actually achieved, in words (after the contract).
    #[serde(default)]
    pub achieved: String,
    /// How many people were actually employed.
    #[serde(default)]
    pub achieved_people: Option<u32>,
}

impl Clause {
    /// "3 osoby", "30 % personelu" or empty.
    pub fn requirement(&self) -> String {
        match (self.required_people, self.required_percent) {
            (Some(n), _) => format!(
                "{n} {}",
                crate::text::plural::plural(u64::from(n), "osoba", "osoby", "osób")
            ),
            (None, Some(p)) => format!("{p}\u{a0}% osób wykonujących zamówienie"),
            (None, None) => String::new(),
        }
    }
}

/// Who carries the contract out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contractor {
    pub name: String,
    #[serde(default)]
    pub nip: Option<String>,
    /// The contractor's entry in the directory of social economy organisations.
    #[serde(default)]
    pub organization: Option<OrgId>,
    /// Staff say the contractor is a social economy organisation (without a directory entry).
    #[serde(default)]
    pub pes: bool,
}

/// A procurement with social clauses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Procurement {
    pub id: ProcurementId,
    /// Stable part of the public URL; never changes once given.
    pub slug: String,
    /// The gmina's reference number (znak sprawy), e.g. "WZP.271.12.2013".
    pub reference: String,
    /// The notice number in the Biuletyn Zamówień Publicznych; empty when there is none.
    #[serde(default)]
    pub bzp_number: String,
    pub title: String,
    pub kind: ProcurementType,
    pub procedure: Procedure,
    pub act: Act,
    pub threshold: ThresholdClass,
    /// The ordering unit of the city, e.g. "Wydział Gospodarki Komunalnej".
    pub unit: String,
    /// Grosze.
    #[serde(default)]
    pub estimated_value: Option<i64>,
    /// Grosze (gross value of the contract signed).
    #[serde(default)]
    pub contract_value: Option<i64>,
    /// When the notice was published or the enquiry sent.
    pub notice_date: Date,
    #[serde(default)]
    pub offers_deadline: Option<Date>,
    #[serde(default)]
    pub contract_date: Option<Date>,
    /// At least one.
    pub clauses: Vec<Clause>,
    #[serde(default)]
    pub contractor: Option<Contractor>,
    pub status: ProcurementStatus,
    /// Where the documents are published.
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub notes: String,
    pub created: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub author: Option<UserId>,
    #[serde(default)]
    pub demo: bool,
}

impl Procurement {
    /// The public page.
    pub fn path(&self) -> String {
        format!("/klauzule/{}", self.slug)
    }

    /// The staff edit form.
    pub fn edit_path(&self) -> String {
        format!("/admin/klauzule/{}/edycja", self.id.0)
    }

    /// The year the statistics count it in: the year of the notice (or enquiry).
    pub fn year(&self) -> i16 {
        self.notice_date.year()
    }

    /// The years of the notice and of the contract (the list's year filter finds it by both).
    pub fn years(&self) -> Vec<i16> {
        let mut years = vec![self.notice_date.year()];
        if let Some(contract) = self.contract_date
            && contract.year() != self.notice_date.year()
        {
            years.push(contract.year());
        }
        years
    }

    /// The value the statistics count: the contract's, else the estimate; grosze.
    pub fn value(&self) -> Option<i64> {
        self.contract_value.or(self.estimated_value)
    }

    /// Won by a social economy organisation: linked to the directory, or marked by staff.
    pub fn won_by_pes(&self) -> bool {
        self.contractor
            .as_ref()
            .is_some_and(|c| c.organization.is_some() || c.pes)
    }

    /// The distinct legal bases of its clauses, in vocabulary order.
    pub fn bases(&self) -> Vec<LegalBasis> {
        let mut bases: Vec<LegalBasis> = self.clauses.iter().map(|c| c.basis).collect();
        bases.sort();
        bases.dedup();
        bases
    }

    /// The distinct target groups of its clauses, in vocabulary order.
    pub fn target_groups(&self) -> Vec<TargetGroup> {
        let mut groups: Vec<TargetGroup> = self.clauses.iter().map(|c| c.target_group).collect();
        groups.sort();
        groups.dedup();
        groups
    }
}

/// Whether `number` is a BZP notice number: the old style "123456-2013" (until 2020) or the
/// current "2025/BZP 00617479/01".
pub fn is_bzp_number(number: &str) -> bool {
    bzp_style(number).is_some()
}

/// The act whose time a BZP number's style belongs to.
pub fn bzp_style(number: &str) -> Option<Act> {
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if let Some((serial, year)) = number.split_once('-')
        && digits(serial, 1, 6)
        && digits(year, 4, 4)
    {
        return Some(Act::Pzp2004);
    }
    let mut parts = number.split('/');
    let (year, middle, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let serial = middle.strip_prefix("BZP ")?;
    (digits(year, 4, 4) && digits(serial, 8, 8) && digits(version, 2, 2)).then_some(Act::Pzp2019)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A complete procurement for tests (id 1, Pzp 2004, two clauses, won by a PES).
    pub(crate) fn sample() -> Procurement {
        Procurement {
            id: ProcurementId(1),
            slug: "wzp-271-12-2013".into(),
            reference: "WZP.271.12.2013".into(),
            bzp_number: "123456-2013".into(),
            title: "Świadczenie usług utrzymania czystości".into(),
            kind: ProcurementType::Services,
            procedure: Procedure::OpenTender,
            act: Act::Pzp2004,
            threshold: ThresholdClass::Above,
            unit: "Wydział Gospodarki Komunalnej".into(),
            estimated_value: Some(50_000_000),
            contract_value: Some(45_000_000),
            notice_date: jiff::civil::date(2013, 3, 4),
            offers_deadline: Some(jiff::civil::date(2013, 3, 20)),
            contract_date: Some(jiff::civil::date(2014, 1, 2)),
            clauses: vec![
                Clause {
                    basis: LegalBasis::Pzp2004Art29,
                    target_group: TargetGroup::Unemployed,
                    required_people: Some(2),
                    required_percent: None,
                    months: Some(12),
                    committed: "Zatrudnienie dwóch osób bezrobotnych.".into(),
                    achieved: String::new(),
                    achieved_people: None,
                },
                Clause {
                    basis: LegalBasis::Pzp2004Art29,
                    target_group: TargetGroup::Disabled,
                    required_people: None,
                    required_percent: Some(10),
                    months: None,
                    committed: String::new(),
                    achieved: String::new(),
                    achieved_people: None,
                },
            ],
            contractor: Some(Contractor {
                name: "Spółdzielnia Socjalna „Porządek”".into(),
                nip: None,
                organization: None,
                pes: true,
            }),
            status: ProcurementStatus::Completed,
            source_url: None,
            notes: String::new(),
            created: 1,
            updated: 1,
            author: None,
            demo: false,
        }
    }

    #[test]
    fn bzp_numbers_of_both_styles_are_recognised() {
        assert_eq!(bzp_style("123456-2013"), Some(Act::Pzp2004));
        assert_eq!(bzp_style("4581-2013"), Some(Act::Pzp2004));
        assert_eq!(bzp_style("2025/BZP 00617479/01"), Some(Act::Pzp2019));
        for wrong in [
            "",
            "1234567-2013",
            "123456-13",
            "123456/2013",
            "2025/BZP 617479/01",
            "2025/BZP 00617479/1",
            "2025/TED 00617479/01",
            "2025/BZP 00617479/01/02",
            "2025/BZP  00617479/01",
        ] {
            assert!(!is_bzp_number(wrong), "{wrong}");
        }
    }

    #[test]
    fn each_basis_knows_its_act_and_provision() {
        assert_eq!(LegalBasis::Art94.act(), Act::Pzp2019);
        assert_eq!(LegalBasis::Pzp2004Art29.act(), Act::Pzp2004);
        assert_eq!(
            LegalBasis::Art96B.provision(),
            "art. 96 ust. 2 pkt 2 lit. b"
        );
        assert_eq!(LegalBasis::Art94.provision(), "art. 94");
        assert_eq!(
            LegalBasis::Pzp2004Art22.full_label(),
            "Pzp 2004, art. 22 ust. 2 – zamówienie zastrzeżone dla zakładów pracy chronionej"
        );
        assert_eq!(
            ThresholdClass::Below.describe(Act::Pzp2004),
            "poniżej 14 000 euro (Pzp 2004)"
        );
        let letters: Vec<&str> = LegalBasis::ALL
            .iter()
            .filter(|b| b.code().starts_with("pzp2019-art-96"))
            .map(|b| b.code())
            .collect();
        assert_eq!(letters.len(), 7, "lit. a–g");
    }

    #[test]
    fn years_value_and_pes_follow_the_record() {
        let mut p = sample();
        assert_eq!(p.year(), 2013);
        assert_eq!(p.years(), vec![2013, 2014]);
        assert_eq!(p.value(), Some(45_000_000));
        p.contract_value = None;
        assert_eq!(p.value(), Some(50_000_000));
        assert!(p.won_by_pes());
        p.contractor.as_mut().unwrap().pes = false;
        assert!(!p.won_by_pes());
        p.contractor.as_mut().unwrap().organization = Some(OrgId(3));
        assert!(p.won_by_pes());
        assert_eq!(p.bases(), vec![LegalBasis::Pzp2004Art29]);
        assert_eq!(
            p.target_groups(),
            vec![TargetGroup::Unemployed, TargetGroup::Disabled]
        );
        assert_eq!(p.clauses[0].requirement(), "2 osoby");
        assert_eq!(
            p.clauses[1].requirement(),
            "10\u{a0}% osób wykonujących zamówienie"
        );
    }
}
