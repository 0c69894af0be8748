//! The procurement form: reading what was sent (with its list of clause fieldsets) and what
//! the template needs to show it again — choices with the current one selected, each clause
//! fieldset with its own field names, and the ordering units already used as suggestions.

use serde::Serialize;

use super::Ctx;
use crate::app::App;
use crate::domain::procurement::{
    Act, LegalBasis, Procedure, Procurement, ProcurementStatus, ProcurementType, TargetGroup,
    ThresholdClass,
};
use crate::domain::procurement_input::{ClauseInput, MAX_CLAUSES, ProcurementInput, clause_fields};
use crate::domain::validate::FieldErrors;

/// The value of the "Dodaj kolejną klauzulę" button (`akcja`).
pub const ADD_CLAUSE: &str = "dodaj-klauzule";

/// Ordering units offered as suggestions even before anyone used them.
const USUAL_UNITS: &[&str] = &[
    "Wydział Gospodarki Komunalnej",
    "Wydział Inwestycji i Remontów",
    "Wydział Spraw Społecznych",
    "Wydział Administracyjny",
    "Wydział Rozwoju i Programowania Europejskiego",
    "Wydział Zamówień Publicznych",
    "Biuro Promocji i Informacji",
];

/// Reads the submitted form; `clause_count` says how many clause fieldsets it had.
pub fn read(ctx: &Ctx) -> ProcurementInput {
    let f = &ctx.form;
    let text = |name: &str| f.get(name).unwrap_or("").to_string();
    let count = f
        .get("clause_count")
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(1)
        .min(MAX_CLAUSES + 1);
    let clauses = (1..=count)
        .map(|n| {
            let names = clause_fields(n.min(MAX_CLAUSES));
            if n > MAX_CLAUSES {
                // One fieldset too many: kept so that `apply` refuses the form.
                return ClauseInput {
                    basis: "?".to_string(),
                    ..ClauseInput::default()
                };
            }
            ClauseInput {
                basis: text(names.basis),
                group: text(names.group),
                people: text(names.people),
                percent: text(names.percent),
                months: text(names.months),
                committed: f.raw(names.committed).unwrap_or("").to_string(),
                achieved: f.raw(names.achieved).unwrap_or("").to_string(),
                achieved_people: text(names.achieved_people),
                remove: f.checked(names.remove),
            }
        })
        .collect();
    ProcurementInput {
        reference: text("reference"),
        bzp_number: text("bzp_number"),
        title: text("title"),
        kind: text("kind"),
        procedure: text("procedure"),
        act: text("act"),
        threshold: text("threshold"),
        unit: text("unit"),
        estimated_value: text("estimated_value"),
        contract_value: text("contract_value"),
        notice_date: text("notice_date"),
        offers_deadline: text("offers_deadline"),
        contract_date: text("contract_date"),
        clauses,
        contractor_name: text("contractor_name"),
        contractor_nip: text("contractor_nip"),
        contractor_organization: text("contractor_organization"),
        contractor_pes: f.checked("contractor_pes"),
        status: text("status"),
        source_url: text("source_url"),
        notes: f.raw("notes").unwrap_or("").to_string(),
    }
}

#[derive(Serialize)]
pub struct Choice {
    code: &'static str,
    label: String,
    selected: bool,
}

fn choices<T: Copy>(
    all: &[T],
    current: &str,
    code: fn(T) -> &'static str,
    label: fn(T) -> String,
) -> Vec<Choice> {
    all.iter()
        .map(|&v| Choice {
            code: code(v),
            label: label(v),
            selected: current == code(v),
        })
        .collect()
}

/// The legal bases of one act, for an `<optgroup>`.
#[derive(Serialize)]
pub struct BasisGroup {
    label: &'static str,
    options: Vec<Choice>,
}

/// One clause fieldset as shown.
#[derive(Serialize)]
pub struct ClauseView {
    n: usize,
    names: ClauseNames,
    input: ClauseInput,
    bases: Vec<BasisGroup>,
    groups: Vec<Choice>,
}

#[derive(Serialize)]
struct ClauseNames {
    basis: &'static str,
    group: &'static str,
    people: &'static str,
    percent: &'static str,
    months: &'static str,
    committed: &'static str,
    achieved: &'static str,
    achieved_people: &'static str,
    remove: &'static str,
}

#[derive(Serialize)]
pub struct FormView {
    csrf: String,
    action: String,
    heading: String,
    cancel_href: String,
    input: ProcurementInput,
    errors: FieldErrors,
    kinds: Vec<Choice>,
    procedures: Vec<Choice>,
    acts: Vec<Choice>,
    thresholds: Vec<Choice>,
    statuses: Vec<Choice>,
    clauses: Vec<ClauseView>,
    clause_count: usize,
    can_add_clause: bool,
    add_clause: &'static str,
    units: Vec<String>,
    /// The delete form's action on an existing record.
    delete_action: Option<String>,
}

/// What the form template needs.
#[allow(clippy::too_many_arguments)]
pub fn view(
    app: &App,
    ctx: &Ctx,
    action: &str,
    heading: &str,
    cancel_href: &str,
    record: Option<&Procurement>,
    input: ProcurementInput,
    errors: FieldErrors,
) -> FormView {
    let clauses: Vec<ClauseView> = input
        .clauses
        .iter()
        .take(MAX_CLAUSES)
        .enumerate()
        .map(|(i, c)| {
            let n = i + 1;
            let f = clause_fields(n);
            ClauseView {
                n,
                names: ClauseNames {
                    basis: f.basis,
                    group: f.group,
                    people: f.people,
                    percent: f.percent,
                    months: f.months,
                    committed: f.committed,
                    achieved: f.achieved,
                    achieved_people: f.achieved_people,
                    remove: f.remove,
                },
                bases: [Act::Pzp2019, Act::Pzp2004]
                    .into_iter()
                    .map(|act| BasisGroup {
                        label: act.short(),
                        options: LegalBasis::ALL
                            .iter()
                            .filter(|b| b.act() == act)
                            .map(|b| Choice {
                                code: b.code(),
                                label: b.label().to_string(),
                                selected: c.basis == b.code(),
                            })
                            .collect(),
                    })
                    .collect(),
                groups: choices(TargetGroup::ALL, &c.group, TargetGroup::code, |g| {
                    g.label().to_string()
                }),
                input: c.clone(),
            }
        })
        .collect();
    let mut units: Vec<String> = super::procurements::read_index(app).unit_names();
    for usual in USUAL_UNITS {
        if !units.iter().any(|u| u == usual) {
            units.push(usual.to_string());
        }
    }
    units.sort_by_key(|u| crate::search::collation_key(u));
    FormView {
        csrf: ctx.visitor.csrf_token(),
        action: action.to_string(),
        heading: heading.to_string(),
        cancel_href: cancel_href.to_string(),
        kinds: choices(
            ProcurementType::ALL,
            &input.kind,
            ProcurementType::code,
            |k| k.label().to_string(),
        ),
        procedures: choices(Procedure::ALL, &input.procedure, Procedure::code, |p| {
            p.label().to_string()
        }),
        acts: choices(Act::ALL, &input.act, Act::code, |a| a.label().to_string()),
        thresholds: [ThresholdClass::Above, ThresholdClass::Below]
            .iter()
            .map(|&t| Choice {
                code: t.code(),
                label: format!(
                    "{} (14 000 euro według Pzp 2004, 130 000 zł według Pzp 2019)",
                    t.label()
                ),
                selected: input.threshold == t.code(),
            })
            .collect(),
        statuses: choices(
            ProcurementStatus::ALL,
            &input.status,
            ProcurementStatus::code,
            |s| s.label().to_string(),
        ),
        clause_count: clauses.len(),
        can_add_clause: clauses.len() < MAX_CLAUSES,
        clauses,
        add_clause: ADD_CLAUSE,
        units,
        delete_action: record.map(|r| format!("/admin/klauzule/{}/usun", r.id.0)),
        input,
        errors,
    }
}
