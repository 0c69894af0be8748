//! What staff type into the procurement form, and how it becomes a record. The form carries a
//! list of clause fieldsets (`clause_1_basis`, `clause_2_basis` …); an entirely empty fieldset
//! or one marked for removal is left out, and each clause's fields get their own errors.

use std::sync::OnceLock;

use jiff::civil::Date;

use super::need_input::{parse_zloty, zloty_input};
use super::organization::OrgId;
use super::procurement::{
    Act, Clause, Contractor, LegalBasis, Procedure, Procurement, ProcurementStatus,
    ProcurementType, TargetGroup, ThresholdClass, bzp_style,
};
use super::slug::slugify;
use super::validate::{self, FieldErrors};

/// The most clause fieldsets a form carries.
pub const MAX_CLAUSES: usize = 12;

/// One clause fieldset, as sent.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ClauseInput {
    pub basis: String,
    pub group: String,
    pub people: String,
    pub percent: String,
    pub months: String,
    pub committed: String,
    pub achieved: String,
    pub achieved_people: String,
    /// "Usuń tę klauzulę" is ticked.
    pub remove: bool,
}

impl ClauseInput {
    /// Nothing typed or chosen.
    pub fn is_empty(&self) -> bool {
        [
            &self.basis,
            &self.group,
            &self.people,
            &self.percent,
            &self.months,
            &self.committed,
            &self.achieved,
            &self.achieved_people,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }

    fn from_clause(c: &Clause) -> ClauseInput {
        let number = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        ClauseInput {
            basis: c.basis.code().to_string(),
            group: c.target_group.code().to_string(),
            people: number(c.required_people),
            percent: c
                .required_percent
                .map(|p| p.to_string())
                .unwrap_or_default(),
            months: number(c.months),
            committed: c.committed.clone(),
            achieved: c.achieved.clone(),
            achieved_people: number(c.achieved_people),
            remove: false,
        }
    }
}

/// The form fields, as sent.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ProcurementInput {
    pub reference: String,
    pub bzp_number: String,
    pub title: String,
    pub kind: String,
    pub procedure: String,
    pub act: String,
    pub threshold: String,
    pub unit: String,
    pub estimated_value: String,
    pub contract_value: String,
    pub notice_date: String,
    pub offers_deadline: String,
    pub contract_date: String,
    pub clauses: Vec<ClauseInput>,
    pub contractor_name: String,
    pub contractor_nip: String,
    /// The contractor's directory entry: its address (`/podmioty/…`) or slug.
    pub contractor_organization: String,
    pub contractor_pes: bool,
    pub status: String,
    pub source_url: String,
    pub notes: String,
}

/// The names of a clause fieldset's fields; `n` counts from 1.
pub struct ClauseFields {
    pub basis: &'static str,
    pub group: &'static str,
    pub people: &'static str,
    pub percent: &'static str,
    pub months: &'static str,
    pub committed: &'static str,
    pub achieved: &'static str,
    pub achieved_people: &'static str,
    pub remove: &'static str,
}

/// The field names of clause fieldset `n` (1..=[`MAX_CLAUSES`]), made once: field errors are
/// keyed by `&'static str`.
pub fn clause_fields(n: usize) -> &'static ClauseFields {
    static NAMES: OnceLock<Vec<ClauseFields>> = OnceLock::new();
    let all = NAMES.get_or_init(|| {
        (1..=MAX_CLAUSES)
            .map(|n| {
                let name = |field: &str| -> &'static str {
                    Box::leak(format!("clause_{n}_{field}").into_boxed_str())
                };
                ClauseFields {
                    basis: name("basis"),
                    group: name("group"),
                    people: name("people"),
                    percent: name("percent"),
                    months: name("months"),
                    committed: name("committed"),
                    achieved: name("achieved"),
                    achieved_people: name("achieved_people"),
                    remove: name("remove"),
                }
            })
            .collect()
    });
    &all[n.clamp(1, MAX_CLAUSES) - 1]
}

const MAX_TEXT_CHARS: usize = 300;
const MAX_NOTES_CHARS: usize = 5000;
const MAX_EFFECT_CHARS: usize = 2000;
/// 130 000 zł: the threshold of Pzp 2019, in grosze.
const PZP2019_THRESHOLD: i64 = 13_000_000;

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// An optional date (see [`super::validate::parse_date`]) from a plausible year; blank is `None`.
pub fn parse_date(text: &str) -> Result<Option<Date>, &'static str> {
    const FORMAT: &str = "Podaj datę w postaci dd.mm.rrrr, np. 04.03.2013.";
    if text.trim().is_empty() {
        return Ok(None);
    }
    match super::validate::parse_date(text) {
        Some(date) if (1990..=2100).contains(&date.year()) => Ok(Some(date)),
        _ => Err(FORMAT),
    }
}

/// A whole number from `min` to `max`; blank is `None`.
fn parse_count(text: &str, min: u32, max: u32) -> Result<Option<u32>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(()),
    }
}

fn date_input(date: Option<Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

impl ProcurementInput {
    /// The form filled with a record's current values; `organization_slug` is the slug of the
    /// contractor's directory entry, if any.
    pub fn from_record(record: &Procurement, organization_slug: Option<&str>) -> ProcurementInput {
        let contractor = record.contractor.as_ref();
        ProcurementInput {
            reference: record.reference.clone(),
            bzp_number: record.bzp_number.clone(),
            title: record.title.clone(),
            kind: record.kind.code().to_string(),
            procedure: record.procedure.code().to_string(),
            act: record.act.code().to_string(),
            threshold: record.threshold.code().to_string(),
            unit: record.unit.clone(),
            estimated_value: record.estimated_value.map(zloty_input).unwrap_or_default(),
            contract_value: record.contract_value.map(zloty_input).unwrap_or_default(),
            notice_date: record.notice_date.to_string(),
            offers_deadline: date_input(record.offers_deadline),
            contract_date: date_input(record.contract_date),
            clauses: record
                .clauses
                .iter()
                .map(ClauseInput::from_clause)
                .collect(),
            contractor_name: contractor.map(|c| c.name.clone()).unwrap_or_default(),
            contractor_nip: contractor.and_then(|c| c.nip.clone()).unwrap_or_default(),
            contractor_organization: organization_slug.unwrap_or_default().to_string(),
            contractor_pes: contractor.is_some_and(|c| c.pes),
            status: record.status.code().to_string(),
            source_url: record.source_url.clone().unwrap_or_default(),
            notes: record.notes.clone(),
        }
    }

    /// The clauses that would be saved: neither removed nor entirely empty.
    pub fn kept_clauses(&self) -> impl Iterator<Item = (usize, &ClauseInput)> {
        self.clauses
            .iter()
            .enumerate()
            .map(|(i, c)| (i + 1, c))
            .filter(|(_, c)| !c.remove && !c.is_empty())
    }

    /// The form for "Dodaj kolejną klauzulę": what was typed, without removed or empty
    /// fieldsets, plus one empty fieldset at the end (while there is room).
    pub fn with_another_clause(&self) -> ProcurementInput {
        let mut next = self.clone();
        next.clauses = self.kept_clauses().map(|(_, c)| c.clone()).collect();
        if next.clauses.len() < MAX_CLAUSES {
            next.clauses.push(ClauseInput::default());
        }
        next
    }

    /// The form as shown: one empty fieldset after the clauses unless the last one is empty.
    pub fn with_empty_clause(mut self) -> ProcurementInput {
        if self.clauses.len() < MAX_CLAUSES && !self.clauses.last().is_some_and(|c| c.is_empty()) {
            self.clauses.push(ClauseInput::default());
        }
        self
    }

    /// Writes the input into `record` if it is all valid; otherwise returns the errors and
    /// leaves `record` as it was. `organization` finds a directory entry by what was typed
    /// (address or slug). A new record (empty slug) gets its slug from the reference number.
    pub fn apply(
        &self,
        record: &mut Procurement,
        organization: impl Fn(&str) -> Option<OrgId>,
    ) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let mut next = record.clone();
        next.reference = self.reference.trim().to_string();
        if next.reference.is_empty() {
            errors.add(
                "reference",
                "Podaj znak sprawy nadany w urzędzie, np. WZP.271.12.2013.",
            );
        }
        if record.slug.is_empty() {
            next.slug = slugify(&next.reference);
            if next.slug.is_empty() && errors.get("reference").is_empty() {
                errors.add("reference", "Znak sprawy musi zawierać litery lub cyfry.");
            }
        }
        next.title = self.title.trim().to_string();
        if next.title.chars().count() < 5 {
            errors.add(
                "title",
                "Podaj nazwę zamówienia (co najmniej 5 znaków), tak jak w ogłoszeniu.",
            );
        }
        match ProcurementType::from_code(self.kind.trim()) {
            Some(kind) => next.kind = kind,
            None => errors.add("kind", "Wybierz rodzaj zamówienia."),
        }
        let act = Act::from_code(self.act.trim());
        match act {
            Some(act) => next.act = act,
            None => errors.add(
                "act",
                "Wybierz ustawę, według której prowadzono zamówienie.",
            ),
        }
        let threshold = ThresholdClass::from_code(self.threshold.trim());
        match threshold {
            Some(t) => next.threshold = t,
            None => errors.add(
                "threshold",
                "Zaznacz, czy wartość zamówienia była powyżej, czy poniżej progu ustawowego.",
            ),
        }
        match Procedure::from_code(self.procedure.trim()) {
            Some(procedure) => {
                next.procedure = procedure;
                check_procedure(procedure, act, threshold, &mut errors);
            }
            None => errors.add("procedure", "Wybierz tryb udzielenia zamówienia."),
        }
        next.bzp_number = self
            .bzp_number
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !next.bzp_number.is_empty() {
            match bzp_style(&next.bzp_number) {
                None => errors.add(
                    "bzp_number",
                    "Numer ogłoszenia w BZP podaj w postaci 123456-2013 albo 2025/BZP 00617479/01.",
                ),
                Some(style) if act.is_some_and(|a| a != style) => errors.add(
                    "bzp_number",
                    "Ten zapis numeru ogłoszenia nie pasuje do wybranej ustawy: numery w postaci 123456-2013 mają ogłoszenia według Pzp 2004, a w postaci 2025/BZP 00617479/01 – według Pzp 2019.",
                ),
                Some(_) => {}
            }
        }
        next.unit = self.unit.trim().to_string();
        if next.unit.is_empty() {
            errors.add(
                "unit",
                "Podaj komórkę zamawiającą, np. Wydział Gospodarki Komunalnej.",
            );
        }
        next.estimated_value = money(&self.estimated_value, "estimated_value", &mut errors);
        next.contract_value = money(&self.contract_value, "contract_value", &mut errors);
        if let (Some(Act::Pzp2019), Some(t), Some(value)) = (act, threshold, next.estimated_value) {
            match t {
                ThresholdClass::Above if value < PZP2019_THRESHOLD => errors.add(
                    "threshold",
                    "Według Pzp 2019 zamówienie o wartości szacunkowej poniżej 130 000 zł jest poniżej progu.",
                ),
                ThresholdClass::Below if value >= PZP2019_THRESHOLD => errors.add(
                    "threshold",
                    "Według Pzp 2019 zamówienie o wartości szacunkowej od 130 000 zł jest powyżej progu.",
                ),
                _ => {}
            }
        }
        match parse_date(&self.notice_date) {
            Ok(Some(date)) => next.notice_date = date,
            Ok(None) => errors.add(
                "notice_date",
                "Podaj datę ogłoszenia zamówienia albo wysłania zapytania.",
            ),
            Err(message) => errors.add("notice_date", message),
        }
        next.offers_deadline = date_field(&self.offers_deadline, "offers_deadline", &mut errors);
        next.contract_date = date_field(&self.contract_date, "contract_date", &mut errors);
        if errors.get("notice_date").is_empty() {
            if next.offers_deadline.is_some_and(|d| d < next.notice_date) {
                errors.add(
                    "offers_deadline",
                    "Termin składania ofert nie może być wcześniejszy niż ogłoszenie.",
                );
            }
            if next.contract_date.is_some_and(|d| d < next.notice_date) {
                errors.add(
                    "contract_date",
                    "Umowa nie może być zawarta przed ogłoszeniem zamówienia.",
                );
            }
        }
        next.clauses = self.clauses(act, &mut errors);
        match ProcurementStatus::from_code(self.status.trim()) {
            Some(status) => next.status = status,
            None => errors.add("status", "Wybierz stan zamówienia."),
        }
        next.contractor = self.contractor(&organization, &mut errors);
        if next.contractor.is_none() && next.status.has_contractor() {
            errors.add(
                "contractor_name",
                "Podaj wykonawcę: zamówienie udzielone lub zrealizowane ma wykonawcę.",
            );
        }
        next.source_url = optional(&self.source_url);
        if let Some(url) = &next.source_url
            && !validate::is_http_url(url)
        {
            errors.add(
                "source_url",
                "Podaj pełny adres strony z dokumentami, zaczynający się od https://.",
            );
        }
        next.notes = self.notes.trim().replace("\r\n", "\n");
        if next.notes.chars().count() > MAX_NOTES_CHARS {
            errors.add("notes", "Uwagi mogą mieć najwyżej 5000 znaków.");
        }
        for (field, value) in [
            ("reference", &self.reference),
            ("bzp_number", &self.bzp_number),
            ("title", &self.title),
            ("unit", &self.unit),
            ("contractor_name", &self.contractor_name),
            ("source_url", &self.source_url),
        ] {
            if value.chars().count() > MAX_TEXT_CHARS && errors.get(field).is_empty() {
                errors.add(field, "To pole może mieć najwyżej 300 znaków.");
            }
        }
        if errors.is_empty() {
            *record = next;
        }
        errors
    }

    fn clauses(&self, act: Option<Act>, errors: &mut FieldErrors) -> Vec<Clause> {
        let mut clauses = Vec::new();
        if self.clauses.len() > MAX_CLAUSES {
            errors.add(
                "clauses",
                "Zamówienie może mieć najwyżej 12 klauzul w jednym formularzu.",
            );
            return clauses;
        }
        for (n, input) in self.kept_clauses() {
            if let Some(clause) = input.check(clause_fields(n), act, errors) {
                clauses.push(clause);
            }
        }
        if self.kept_clauses().next().is_none() {
            errors.add(
                "clauses",
                "Dodaj co najmniej jedną klauzulę społeczną: wybierz podstawę prawną i grupę docelową.",
            );
        }
        clauses
    }

    fn contractor(
        &self,
        organization: &impl Fn(&str) -> Option<OrgId>,
        errors: &mut FieldErrors,
    ) -> Option<Contractor> {
        let name = self.contractor_name.trim().to_string();
        let nip = optional(&self.contractor_nip);
        let typed = self.contractor_organization.trim();
        let linked = if typed.is_empty() {
            None
        } else {
            let key = typed
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(typed);
            let found = organization(key);
            if found.is_none() {
                errors.add(
                    "contractor_organization",
                    "Nie ma takiego podmiotu w bazie PES. Wklej adres jego strony, np. /podmioty/fundacja-alma, albo zostaw pole puste.",
                );
            }
            found
        };
        if let Some(nip) = &nip
            && !validate::is_nip(nip)
        {
            errors.add(
                "contractor_nip",
                "NIP ma 10 cyfr, a ostatnia jest cyfrą kontrolną – sprawdź numer.",
            );
        }
        if name.is_empty() {
            if nip.is_some() || !typed.is_empty() || self.contractor_pes {
                errors.add("contractor_name", "Podaj nazwę wykonawcy.");
            }
            return None;
        }
        Some(Contractor {
            name,
            nip: nip.map(|n| n.chars().filter(char::is_ascii_digit).collect()),
            organization: linked,
            pes: self.contractor_pes,
        })
    }
}

impl ClauseInput {
    /// The clause, or `None` with its fields' errors in `errors`.
    fn check(
        &self,
        fields: &ClauseFields,
        act: Option<Act>,
        errors: &mut FieldErrors,
    ) -> Option<Clause> {
        let mut ok = true;
        let basis = LegalBasis::from_code(self.basis.trim());
        match basis {
            None => {
                errors.add(fields.basis, "Wybierz podstawę prawną klauzuli.");
                ok = false;
            }
            Some(b) if act.is_some_and(|a| a != b.act()) => {
                errors.add(
                    fields.basis,
                    match b.act() {
                        Act::Pzp2004 => {
                            "Ta podstawa prawna pochodzi z Pzp 2004, a zamówienie prowadzono według Pzp 2019."
                        }
                        Act::Pzp2019 => {
                            "Ta podstawa prawna pochodzi z Pzp 2019, a zamówienie prowadzono według Pzp 2004."
                        }
                    },
                );
                ok = false;
            }
            Some(_) => {}
        }
        let group = TargetGroup::from_code(self.group.trim());
        if group.is_none() {
            errors.add(fields.group, "Wybierz grupę, której dotyczy klauzula.");
            ok = false;
        }
        let people = parse_count(&self.people, 1, 10_000).unwrap_or_else(|()| {
            errors.add(
                fields.people,
                "Liczbę osób podaj jako liczbę całkowitą od 1 do 10 000.",
            );
            ok = false;
            None
        });
        let percent = parse_count(self.percent.trim().trim_end_matches('%'), 1, 100)
            .unwrap_or_else(|()| {
                errors.add(
                    fields.percent,
                    "Odsetek podaj jako liczbę całkowitą od 1 do 100.",
                );
                ok = false;
                None
            });
        if people.is_some() && percent.is_some() {
            errors.add(
                fields.percent,
                "Podaj liczbę osób albo odsetek, nie oba naraz.",
            );
            ok = false;
        }
        let months = parse_count(&self.months, 1, 120).unwrap_or_else(|()| {
            errors.add(
                fields.months,
                "Liczbę miesięcy podaj jako liczbę całkowitą od 1 do 120.",
            );
            ok = false;
            None
        });
        let achieved_people = parse_count(&self.achieved_people, 0, 10_000).unwrap_or_else(|()| {
            errors.add(
                fields.achieved_people,
                "Liczbę zatrudnionych osób podaj jako liczbę całkowitą od 0 do 10 000.",
            );
            ok = false;
            None
        });
        let committed = self.committed.trim().replace("\r\n", "\n");
        if committed.chars().count() > MAX_EFFECT_CHARS {
            errors.add(
                fields.committed,
                "Opis zobowiązania może mieć najwyżej 2000 znaków.",
            );
            ok = false;
        }
        let achieved = self.achieved.trim().replace("\r\n", "\n");
        if achieved.chars().count() > MAX_EFFECT_CHARS {
            errors.add(
                fields.achieved,
                "Opis osiągniętego efektu może mieć najwyżej 2000 znaków.",
            );
            ok = false;
        }
        if !ok {
            return None;
        }
        Some(Clause {
            basis: basis?,
            target_group: group?,
            required_people: people,
            required_percent: percent.and_then(|p| u8::try_from(p).ok()),
            months,
            committed,
            achieved,
            achieved_people,
        })
    }
}

fn money(text: &str, field: &'static str, errors: &mut FieldErrors) -> Option<i64> {
    parse_zloty(text).unwrap_or_else(|message| {
        errors.add(field, message);
        None
    })
}

fn date_field(text: &str, field: &'static str, errors: &mut FieldErrors) -> Option<Date> {
    parse_date(text).unwrap_or_else(|message| {
        errors.add(field, message);
        None
    })
}

/// The act and threshold a procedure allows.
fn check_procedure(
    procedure: Procedure,
    act: Option<Act>,
    threshold: Option<ThresholdClass>,
    errors: &mut FieldErrors,
) {
    match (procedure, act) {
        (Procedure::BasicMode, Some(Act::Pzp2004)) => {
            errors.add("procedure", "Tryb podstawowy istnieje tylko w Pzp 2019.")
        }
        (Procedure::RequestForQuotations, Some(Act::Pzp2019)) => errors.add(
            "procedure",
            "Zapytanie o cenę istniało tylko w Pzp 2004; w Pzp 2019 wybierz inny tryb.",
        ),
        _ => {}
    }
    if procedure == Procedure::Enquiry && threshold == Some(ThresholdClass::Above) {
        errors.add(
            "procedure",
            "Zapytanie ofertowe stosuje się do zamówień poniżej progu ustawowego.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::procurement::tests::sample;
    use crate::domain::procurement::{ProcurementId, ThresholdClass};

    fn blank() -> Procurement {
        Procurement {
            id: ProcurementId(0),
            slug: String::new(),
            ..sample()
        }
    }

    fn clause(basis: &str, group: &str) -> ClauseInput {
        ClauseInput {
            basis: basis.into(),
            group: group.into(),
            people: "2".into(),
            months: "12".into(),
            ..ClauseInput::default()
        }
    }

    fn valid() -> ProcurementInput {
        ProcurementInput {
            reference: "WZP.271.5.2013".into(),
            bzp_number: " 45812-2013 ".into(),
            title: "Świadczenie usług budowlanych".into(),
            kind: "roboty-budowlane".into(),
            procedure: "przetarg-nieograniczony".into(),
            act: "pzp-2004".into(),
            threshold: "powyzej-progu".into(),
            unit: "Wydział Inwestycji i Remontów".into(),
            estimated_value: "1 250 000,00".into(),
            contract_value: "".into(),
            notice_date: "14.05.2013".into(),
            offers_deadline: "2013-06-03".into(),
            contract_date: "".into(),
            clauses: vec![
                clause("pzp2004-art-29-4", "bezrobotni"),
                ClauseInput::default(),
                ClauseInput {
                    remove: true,
                    ..clause("pzp2019-art-94", "")
                },
                clause("pzp2004-art-22-2", "niepelnosprawni"),
            ],
            status: "ogloszone".into(),
            ..ProcurementInput::default()
        }
    }

    fn no_org(_: &str) -> Option<OrgId> {
        None
    }

    #[test]
    fn a_valid_form_makes_a_record_skipping_empty_and_removed_clauses() {
        let mut record = blank();
        let errors = valid().apply(&mut record, no_org);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(record.slug, "wzp-271-5-2013");
        assert_eq!(record.bzp_number, "45812-2013");
        assert_eq!(record.estimated_value, Some(125_000_000));
        assert_eq!(record.notice_date, jiff::civil::date(2013, 5, 14));
        assert_eq!(record.clauses.len(), 2);
        assert_eq!(record.clauses[1].basis, LegalBasis::Pzp2004Art22);
        assert!(record.contractor.is_none());
        let mut again = ProcurementInput::from_record(&record, None);
        again.title = "Świadczenie usług budowlanych w budynkach gminy".into();
        assert!(again.apply(&mut record, no_org).is_empty());
        assert_eq!(record.slug, "wzp-271-5-2013", "slugs stay");
    }

    #[test]
    fn each_clause_is_marked_on_its_own_fields() {
        let mut record = blank();
        let input = ProcurementInput {
            clauses: vec![
                ClauseInput::default(),
                ClauseInput {
                    percent: "120".into(),
                    ..clause("pzp2019-art-95", "pracownicy")
                },
                ClauseInput {
                    people: "".into(),
                    percent: "30".into(),
                    months: "zero".into(),
                    ..clause("pzp2004-art-29-4", "nieznana")
                },
            ],
            ..valid()
        };
        let errors = input.apply(&mut record, no_org);
        for field in [
            "clause_2_basis",
            "clause_2_percent",
            "clause_3_group",
            "clause_3_months",
        ] {
            assert!(!errors.get(field).is_empty(), "{field}: {errors:?}");
        }
        assert!(
            errors.get("clause_1_basis").is_empty(),
            "empty fieldset ignored"
        );
        assert!(errors.get("clause_3_percent").is_empty());
        assert_eq!(record, blank());
    }

    #[test]
    fn a_procurement_needs_a_clause_and_consistent_act_threshold_and_numbers() {
        let mut record = blank();
        let input = ProcurementInput {
            clauses: vec![ClauseInput::default()],
            bzp_number: "2025/BZP 00617479/01".into(),
            procedure: "tryb-podstawowy".into(),
            notice_date: "31.02.2013".into(),
            contractor_nip: "5261040829".into(),
            status: "zrealizowane".into(),
            ..valid()
        };
        let errors = input.apply(&mut record, no_org);
        for field in [
            "clauses",
            "bzp_number",
            "procedure",
            "notice_date",
            "contractor_name",
            "contractor_nip",
        ] {
            assert!(!errors.get(field).is_empty(), "{field}: {errors:?}");
        }
        let below = ProcurementInput {
            act: "pzp-2019".into(),
            bzp_number: "".into(),
            clauses: vec![clause("pzp2019-art-96-2-2-a", "bezrobotni")],
            threshold: "ponizej-progu".into(),
            estimated_value: "150 000".into(),
            ..valid()
        };
        let errors = below.apply(&mut record, no_org);
        assert!(!errors.get("threshold").is_empty(), "{errors:?}");
        let both = ProcurementInput {
            clauses: vec![ClauseInput {
                percent: "50".into(),
                ..clause("pzp2004-art-29-4", "bezrobotni")
            }],
            ..valid()
        };
        assert!(
            !both
                .apply(&mut record, no_org)
                .get("clause_1_percent")
                .is_empty()
        );
    }

    #[test]
    fn the_contractor_links_to_the_directory_by_address_or_slug() {
        let mut record = blank();
        let find = |key: &str| (key == "fundacja-alma").then_some(OrgId(7));
        let input = ProcurementInput {
            contractor_name: "Fundacja ALMA".into(),
            contractor_nip: "526-104-08-28".into(),
            contractor_organization: "https://pes.torun.example/podmioty/fundacja-alma/".into(),
            status: "udzielone".into(),
            ..valid()
        };
        assert!(input.apply(&mut record, find).is_empty());
        let contractor = record.contractor.clone().unwrap();
        assert_eq!(contractor.organization, Some(OrgId(7)));
        assert_eq!(contractor.nip.as_deref(), Some("5261040828"));
        assert!(record.won_by_pes());
        let unknown = ProcurementInput {
            contractor_organization: "/podmioty/nie-ma".into(),
            ..input
        };
        assert!(
            !unknown
                .apply(&mut record, find)
                .get("contractor_organization")
                .is_empty()
        );
        assert_eq!(record.threshold, ThresholdClass::Above);
    }

    #[test]
    fn adding_a_clause_keeps_what_was_typed_and_drops_removed_and_empty_fieldsets() {
        let next = valid().with_another_clause();
        assert_eq!(next.clauses.len(), 3);
        assert_eq!(next.clauses[0].basis, "pzp2004-art-29-4");
        assert_eq!(next.clauses[1].basis, "pzp2004-art-22-2");
        assert!(next.clauses[2].is_empty());
        assert_eq!(next.title, valid().title);
        let shown = next.clone().with_empty_clause();
        assert_eq!(shown.clauses.len(), 3, "one empty fieldset is enough");
        assert_eq!(clause_fields(2).basis, "clause_2_basis");
        assert_eq!(
            clause_fields(12).achieved_people,
            "clause_12_achieved_people"
        );
    }

    #[test]
    fn dates_are_read_both_ways() {
        assert_eq!(
            parse_date("04.03.2013"),
            Ok(Some(jiff::civil::date(2013, 3, 4)))
        );
        assert_eq!(
            parse_date("2013-03-04"),
            Ok(Some(jiff::civil::date(2013, 3, 4)))
        );
        assert_eq!(parse_date(" "), Ok(None));
        assert!(parse_date("4.3").is_err());
        assert!(parse_date("30.02.2013").is_err());
    }
}
