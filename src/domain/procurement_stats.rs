//! The statistics of the social-clause register: per year and type, how many procurements
//! with clauses there were and what they were worth, split by threshold class and by legal
//! basis, and how much of it social economy organisations won. One pure function computes
//! them from the records; the page, its charts and its CSV all show its result.
//!
//! Rules: a cancelled procurement is not counted; the year is the year of the notice (or
//! enquiry); the value is the contract's, else the estimate (a procurement with neither counts
//! in the number but adds nothing to the value); a procurement with clauses of two legal bases
//! counts once under each basis, so the basis table adds up to more than the total.

use std::collections::BTreeMap;

use super::procurement::{
    LegalBasis, Procurement, ProcurementStatus, ProcurementType, ThresholdClass,
};

/// A number of procurements and their value in grosze.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Cell {
    pub count: u64,
    pub value: i64,
}

impl Cell {
    fn add(&mut self, p: &Procurement) {
        self.count += 1;
        self.value += p.value().unwrap_or(0);
    }
}

/// One row of the tables: everything counted, split by threshold, and what PES won.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    pub all: Cell,
    pub above: Cell,
    pub below: Cell,
    pub pes: Cell,
}

impl Row {
    fn add(&mut self, p: &Procurement) {
        self.all.add(p);
        match p.threshold {
            ThresholdClass::Above => self.above.add(p),
            ThresholdClass::Below => self.below.add(p),
        }
        if p.won_by_pes() {
            self.pes.add(p);
        }
    }

    /// The PES share of the number, "33,3 %" (or "–" when there is nothing to share).
    pub fn pes_count_share(&self) -> String {
        share(self.pes.count as i64, self.all.count as i64)
    }

    /// The PES share of the value.
    pub fn pes_value_share(&self) -> String {
        share(self.pes.value, self.all.value)
    }
}

/// The whole statistics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statistics {
    /// (year, type) → row, years ascending, types in vocabulary order; only pairs with records.
    pub by_year_and_type: BTreeMap<(i16, ProcurementType), Row>,
    /// year → row over all types.
    pub by_year: BTreeMap<i16, Row>,
    /// (basis, year) → row; a procurement counts once under each of its bases.
    pub by_basis_and_year: BTreeMap<(LegalBasis, i16), Row>,
    /// basis → row over all years.
    pub by_basis: BTreeMap<LegalBasis, Row>,
    /// Everything counted.
    pub total: Row,
    /// Cancelled procurements left out.
    pub cancelled: u64,
}

/// Computes the statistics of `records`.
pub fn statistics(records: &[Procurement]) -> Statistics {
    let mut stats = Statistics::default();
    for p in records {
        if p.status == ProcurementStatus::Cancelled {
            stats.cancelled += 1;
            continue;
        }
        if p.clauses.is_empty() {
            continue;
        }
        let year = p.year();
        stats
            .by_year_and_type
            .entry((year, p.kind))
            .or_default()
            .add(p);
        stats.by_year.entry(year).or_default().add(p);
        for basis in p.bases() {
            stats
                .by_basis_and_year
                .entry((basis, year))
                .or_default()
                .add(p);
            stats.by_basis.entry(basis).or_default().add(p);
        }
        stats.total.add(p);
    }
    stats
}

/// `part` of `whole` as a Polish percentage with one decimal: "33,3 %"; "–" for an empty whole.
pub fn share(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "–".to_string();
    }
    // Tenths of a percent, rounded half up, in integers (no float rounding surprises).
    let tenths = (part.max(0) as i128 * 1000 * 2 + whole as i128) / (whole as i128 * 2);
    format!("{},{}\u{a0}%", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::procurement::tests::sample;
    use crate::domain::procurement::{Clause, TargetGroup};

    fn record(year: i16, kind: ProcurementType, value: i64, pes: bool) -> Procurement {
        let mut p = sample();
        p.notice_date = jiff::civil::date(year, 5, 1);
        p.contract_date = None;
        p.kind = kind;
        p.contract_value = Some(value);
        p.contractor.as_mut().unwrap().pes = pes;
        p
    }

    #[test]
    fn sums_split_by_year_type_threshold_basis_and_pes() {
        let mut below = record(2013, ProcurementType::Services, 500_000, true);
        below.threshold = ThresholdClass::Below;
        let mut two_bases = record(2013, ProcurementType::Works, 10_000_000, false);
        two_bases.clauses.push(Clause {
            basis: crate::domain::procurement::LegalBasis::Pzp2004Art22,
            target_group: TargetGroup::Disabled,
            ..two_bases.clauses[0].clone()
        });
        let mut cancelled = record(2013, ProcurementType::Services, 1, true);
        cancelled.status = ProcurementStatus::Cancelled;
        let mut no_value = record(2014, ProcurementType::Services, 0, false);
        no_value.contract_value = None;
        no_value.estimated_value = None;
        let stats = statistics(&[
            record(2013, ProcurementType::Services, 1_000_000, false),
            below,
            two_bases,
            cancelled,
            no_value,
        ]);
        assert_eq!(stats.cancelled, 1);
        assert_eq!(
            stats.total.all,
            Cell {
                count: 4,
                value: 11_500_000
            }
        );
        let services = &stats.by_year_and_type[&(2013, ProcurementType::Services)];
        assert_eq!(
            services.all,
            Cell {
                count: 2,
                value: 1_500_000
            }
        );
        assert_eq!(
            services.above,
            Cell {
                count: 1,
                value: 1_000_000
            }
        );
        assert_eq!(
            services.below,
            Cell {
                count: 1,
                value: 500_000
            }
        );
        assert_eq!(
            services.pes,
            Cell {
                count: 1,
                value: 500_000
            }
        );
        assert_eq!(services.pes_count_share(), "50,0\u{a0}%");
        assert_eq!(services.pes_value_share(), "33,3\u{a0}%");
        assert_eq!(stats.by_year[&2013].all.count, 3);
        assert_eq!(stats.by_year[&2014].all, Cell { count: 1, value: 0 });
        assert_eq!(stats.by_basis[&LegalBasis::Pzp2004Art29].all.count, 4);
        assert_eq!(
            stats.by_basis[&LegalBasis::Pzp2004Art22].all,
            Cell {
                count: 1,
                value: 10_000_000
            }
        );
        assert_eq!(
            stats.by_basis_and_year[&(LegalBasis::Pzp2004Art29, 2014)]
                .all
                .count,
            1
        );
        assert_eq!(stats.by_basis_and_year.len(), 3);
    }

    #[test]
    fn shares_round_to_one_decimal_with_a_comma() {
        assert_eq!(share(1, 3), "33,3\u{a0}%");
        assert_eq!(share(2, 3), "66,7\u{a0}%");
        assert_eq!(share(3, 3), "100,0\u{a0}%");
        assert_eq!(share(0, 5), "0,0\u{a0}%");
        assert_eq!(share(0, 0), "–");
    }
}
