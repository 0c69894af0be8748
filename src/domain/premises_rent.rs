//! The rent of municipal premises let to organisations: the discount rules (data kept in the
//! settings, edited by staff) and the arithmetic of the rent calculator.
//!
//! **How the discounts combine.** The base monthly rent is the usable area times the base rate
//! per m². The discount for the purpose of use is taken off first; the discount for the
//! position in the building (basement, attic, outbuilding) is then taken off what remains. The
//! discounts therefore multiply: 70 % for social assistance and a further 30 % for an attic
//! leave 0,30 × 0,70 = 21 % of the base rent to pay (a combined discount of 79 %), and the rent
//! never falls to zero while every discount is below 100 %.
//!
//! **Rounding.** Money is whole grosze. The base rent (area in hundredths of m² × rate in grosze
//! per m² ÷ 100) and each discount amount are rounded to the nearest grosz, halves up; the rent
//! to pay is the base minus the rounded discounts, so the lines of the calculator always add up.

use serde::{Deserialize, Serialize};

use super::validate::FieldErrors;
use super::vocabulary::vocabulary;

vocabulary! {
    /// What an organisation will do in the premises, as the discount rules group it.
    Purpose {
        Social => "pomoc-spoleczna", "pomoc społeczna, działalność charytatywna, na rzecz osób z niepełnosprawnościami";
        Education => "edukacja-kultura", "edukacja, kultura, sport, ochrona zdrowia, bezpieczeństwo";
        Development => "rozwoj", "rozwój gospodarczy i społeczności lokalnych";
        Other => "inna", "inna działalność";
    }
}

vocabulary! {
    /// Where the premises are in the building.
    Position {
        Basement => "piwnica", "piwnica lub suterena";
        Ground => "parter", "parter";
        Floor => "pietro", "piętro";
        Attic => "poddasze", "poddasze";
        Outbuilding => "oficyna", "budynek gospodarczy lub oficyna";
    }
}

/// The discount for one purpose of use, in whole per cent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeDiscount {
    pub purpose: Purpose,
    pub percent: u8,
}

/// The extra discount for one position in the building, in whole per cent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionDiscount {
    pub position: Position,
    pub percent: u8,
}

/// The discount rules of the gmina (a field of the settings). A purpose or position that is not
/// listed has no discount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RentRules {
    pub purposes: Vec<PurposeDiscount>,
    pub positions: Vec<PositionDiscount>,
}

impl Default for RentRules {
    fn default() -> RentRules {
        RentRules::torun()
    }
}

/// The highest discount the rules may give (a rent of zero is not a lease but a loan).
pub const MAX_PERCENT: u8 = 95;

impl RentRules {
    /// Toruń's practice: up to 70 % for social assistance, charity and work for disabled people,
    /// 50 % for education, culture, sport, health and safety, 30 % for economic and community
    /// development; a further 20 % for basements and 30 % for attics and outbuildings.
    pub fn torun() -> RentRules {
        RentRules {
            purposes: vec![
                PurposeDiscount {
                    purpose: Purpose::Social,
                    percent: 70,
                },
                PurposeDiscount {
                    purpose: Purpose::Education,
                    percent: 50,
                },
                PurposeDiscount {
                    purpose: Purpose::Development,
                    percent: 30,
                },
                PurposeDiscount {
                    purpose: Purpose::Other,
                    percent: 0,
                },
            ],
            positions: vec![
                PositionDiscount {
                    position: Position::Basement,
                    percent: 20,
                },
                PositionDiscount {
                    position: Position::Attic,
                    percent: 30,
                },
                PositionDiscount {
                    position: Position::Outbuilding,
                    percent: 30,
                },
            ],
        }
    }

    pub fn purpose_percent(&self, purpose: Purpose) -> u8 {
        self.purposes
            .iter()
            .find(|d| d.purpose == purpose)
            .map(|d| d.percent)
            .unwrap_or(0)
    }

    pub fn position_percent(&self, position: Position) -> u8 {
        self.positions
            .iter()
            .find(|d| d.position == position)
            .map(|d| d.percent)
            .unwrap_or(0)
    }
}

/// One discount line of the calculator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiscountLine {
    pub label: String,
    pub percent: u8,
    /// Grosze taken off.
    pub amount: i64,
}

/// What the calculator shows: the base monthly rent, each discount and the rent to pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RentBreakdown {
    /// Grosze per month before discounts.
    pub base: i64,
    pub discounts: Vec<DiscountLine>,
    /// Grosze per month to pay.
    pub to_pay: i64,
}

/// `value × percent / 100`, rounded to the nearest whole, halves up (for non-negative values).
fn percent_of(value: i64, percent: u8) -> i64 {
    (value * i64::from(percent) + 50).div_euclid(100)
}

/// The base monthly rent in grosze: `area` in hundredths of m² × `rate` in grosze per m²,
/// rounded to the nearest grosz.
pub fn base_rent(area: u32, rate: i64) -> i64 {
    (i64::from(area) * rate + 50).div_euclid(100)
}

/// The monthly rent of premises of `area` (hundredths of m²) at `rate` (grosze per m²) in
/// `position`, used for `purpose`, under `rules` (see the module documentation).
pub fn calculate(
    area: u32,
    rate: i64,
    position: Position,
    purpose: Purpose,
    rules: &RentRules,
) -> RentBreakdown {
    let base = base_rent(area, rate);
    let mut remaining = base;
    let mut discounts = Vec::new();
    let purpose_percent = rules.purpose_percent(purpose).min(MAX_PERCENT);
    if purpose_percent > 0 {
        let amount = percent_of(remaining, purpose_percent);
        remaining -= amount;
        discounts.push(DiscountLine {
            label: format!("za cel: {}", purpose.label()),
            percent: purpose_percent,
            amount,
        });
    }
    let position_percent = rules.position_percent(position).min(MAX_PERCENT);
    if position_percent > 0 {
        let amount = percent_of(remaining, position_percent);
        remaining -= amount;
        discounts.push(DiscountLine {
            label: format!("za położenie: {}", position.label()),
            percent: position_percent,
            amount,
        });
    }
    RentBreakdown {
        base,
        discounts,
        to_pay: remaining,
    }
}

/// The rules form as typed: one text field per purpose (`cel_{code}`) and per position with a
/// discount (`polozenie_{code}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RentRulesInput {
    /// (purpose code, typed percent), in vocabulary order.
    pub purposes: Vec<(String, String)>,
    /// (position code, typed percent), in vocabulary order.
    pub positions: Vec<(String, String)>,
}

/// The form field of a purpose's percent.
pub fn purpose_field(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Social => "cel_pomoc-spoleczna",
        Purpose::Education => "cel_edukacja-kultura",
        Purpose::Development => "cel_rozwoj",
        Purpose::Other => "cel_inna",
    }
}

/// The form field of a position's percent.
pub fn position_field(position: Position) -> &'static str {
    match position {
        Position::Basement => "polozenie_piwnica",
        Position::Ground => "polozenie_parter",
        Position::Floor => "polozenie_pietro",
        Position::Attic => "polozenie_poddasze",
        Position::Outbuilding => "polozenie_oficyna",
    }
}

const PERCENT_MESSAGE: &str = "Podaj procent zniżki: liczbę całkowitą od 0 do 95.";

fn parse_percent(text: &str) -> Option<u8> {
    let text = text.trim().trim_end_matches('%').trim();
    if text.is_empty() {
        return Some(0);
    }
    text.parse::<u8>().ok().filter(|p| *p <= MAX_PERCENT)
}

impl RentRulesInput {
    pub fn from_rules(rules: &RentRules) -> RentRulesInput {
        RentRulesInput {
            purposes: Purpose::ALL
                .iter()
                .map(|p| (p.code().to_string(), rules.purpose_percent(*p).to_string()))
                .collect(),
            positions: Position::ALL
                .iter()
                .map(|p| (p.code().to_string(), rules.position_percent(*p).to_string()))
                .collect(),
        }
    }

    /// The typed value of `code` in `pairs`, or "".
    fn typed<'a>(pairs: &'a [(String, String)], code: &str) -> &'a str {
        pairs
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// The rules, or the fields in error (an empty field is 0 %).
    pub fn check(&self) -> Result<RentRules, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut rules = RentRules {
            purposes: Vec::new(),
            positions: Vec::new(),
        };
        for purpose in Purpose::ALL {
            match parse_percent(Self::typed(&self.purposes, purpose.code())) {
                Some(percent) => rules.purposes.push(PurposeDiscount {
                    purpose: *purpose,
                    percent,
                }),
                None => errors.add(purpose_field(*purpose), PERCENT_MESSAGE),
            }
        }
        for position in Position::ALL {
            match parse_percent(Self::typed(&self.positions, position.code())) {
                Some(0) => {}
                Some(percent) => rules.positions.push(PositionDiscount {
                    position: *position,
                    percent,
                }),
                None => errors.add(position_field(*position), PERCENT_MESSAGE),
            }
        }
        if errors.is_empty() {
            Ok(rules)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn torun_rules_are_the_defaults() {
        let rules = RentRules::default();
        assert_eq!(rules.purpose_percent(Purpose::Social), 70);
        assert_eq!(rules.purpose_percent(Purpose::Education), 50);
        assert_eq!(rules.purpose_percent(Purpose::Development), 30);
        assert_eq!(rules.purpose_percent(Purpose::Other), 0);
        assert_eq!(rules.position_percent(Position::Basement), 20);
        assert_eq!(rules.position_percent(Position::Attic), 30);
        assert_eq!(rules.position_percent(Position::Outbuilding), 30);
        assert_eq!(rules.position_percent(Position::Ground), 0);
    }

    #[test]
    fn the_base_rent_is_area_times_rate_rounded_to_the_grosz() {
        // 45,50 m² × 18,40 zł = 837,20 zł
        assert_eq!(base_rent(4550, 1840), 83_720);
        // 33,33 m² × 12,35 zł = 411,6255 zł → 411,63 zł
        assert_eq!(base_rent(3333, 1235), 41_163);
        // 10,01 m² × 0,50 zł = 5,005 zł → 5,01 zł (a half rounds up)
        assert_eq!(base_rent(1001, 50), 501);
        assert_eq!(base_rent(0, 2000), 0);
    }

    #[test]
    fn discounts_multiply_and_the_lines_add_up() {
        let rules = RentRules::torun();
        // An attic of 60,00 m² at 20,00 zł for social assistance: 1 200,00 zł base,
        // −70 % = −840,00 zł, then −30 % of the remaining 360,00 zł = −108,00 zł → 252,00 zł.
        let r = calculate(6000, 2000, Position::Attic, Purpose::Social, &rules);
        assert_eq!(r.base, 120_000);
        assert_eq!(
            r.discounts
                .iter()
                .map(|d| (d.percent, d.amount))
                .collect::<Vec<_>>(),
            [(70, 84_000), (30, 10_800)]
        );
        assert_eq!(r.to_pay, 25_200);
        // On the ground floor for other activities: no discount at all.
        let plain = calculate(6000, 2000, Position::Ground, Purpose::Other, &rules);
        assert!(plain.discounts.is_empty());
        assert_eq!(plain.to_pay, 120_000);
        // A basement for education: 50 % then 20 %.
        let b = calculate(4550, 1840, Position::Basement, Purpose::Education, &rules);
        assert_eq!(b.base, 83_720);
        assert_eq!(b.discounts[0].amount, 41_860);
        assert_eq!(b.discounts[1].amount, 8_372);
        assert_eq!(b.to_pay, 33_488);
    }

    #[test]
    fn rounding_is_per_line_halves_up() {
        let rules = RentRules::torun();
        // 12,34 m² × 15,55 zł = 191,887 → 191,89 zł; 30 % = 57,567 → 57,57 zł; 134,32 zł left;
        // outbuilding 30 % = 40,296 → 40,30 zł; 94,02 zł to pay.
        let r = calculate(
            1234,
            1555,
            Position::Outbuilding,
            Purpose::Development,
            &rules,
        );
        assert_eq!(r.base, 19_189);
        assert_eq!(r.discounts[0].amount, 5_757);
        assert_eq!(r.discounts[1].amount, 4_030);
        assert_eq!(r.to_pay, 9_402);
        let sum: i64 = r.discounts.iter().map(|d| d.amount).sum();
        assert_eq!(r.base - sum, r.to_pay);
    }

    #[test]
    fn the_rules_form_accepts_whole_percents_up_to_the_cap() {
        let mut input = RentRulesInput::from_rules(&RentRules::torun());
        assert_eq!(input.check(), Ok(RentRules::torun()));
        input.purposes[0].1 = "80 %".into();
        input.positions[0].1 = String::new();
        let rules = input.check().unwrap();
        assert_eq!(rules.purpose_percent(Purpose::Social), 80);
        assert_eq!(rules.position_percent(Position::Basement), 0);
        input.purposes[1].1 = "96".into();
        input.positions[2].1 = "dużo".into();
        let errors = input.check().unwrap_err();
        assert!(!errors.get("cel_edukacja-kultura").is_empty());
        assert!(!errors.get("polozenie_pietro").is_empty());
    }

    #[test]
    fn a_discount_never_exceeds_the_cap_even_from_stored_data() {
        let rules = RentRules {
            purposes: vec![PurposeDiscount {
                purpose: Purpose::Social,
                percent: 100,
            }],
            positions: Vec::new(),
        };
        let r = calculate(10_000, 1000, Position::Ground, Purpose::Social, &rules);
        assert_eq!(r.discounts[0].percent, MAX_PERCENT);
        assert_eq!(r.to_pay, 5_000);
    }
}
