use jiff::civil::date;

use super::*;
use crate::domain::organization::{Address, Contact, Statuses};

const TODAY: Date = date(2026, 6, 1);

fn org(id: u64, name: &str, legal_form: LegalForm, district: &str) -> Organization {
    Organization {
        id: OrgId(id),
        slug: slugify(name),
        name: name.to_owned(),
        legal_form,
        krs: None,
        nip: None,
        regon: None,
        address: Address {
            street: format!("ul. Przykładowa {id}"),
            postal_code: "87-100".to_owned(),
            city: "Toruń".to_owned(),
        },
        district: district.to_owned(),
        geo: None,
        contact: Contact::default(),
        description: String::new(),
        areas: Vec::new(),
        target_groups: Vec::new(),
        statuses: Statuses::default(),
        state: RecordState::Published,
        created: 1_700_000_000,
        updated: 1_700_000_000 + id as i64,
        author: None,
        demo: false,
        logo: None,
    }
}

/// Eight published organisations and two that are not; in Polish name order the published
/// ones are 6, 7, 1, 10, 3, 2, 4, 5.
fn fixture() -> Vec<Organization> {
    let mut swit = org(1, "Fundacja „Świt”", LegalForm::Foundation, "Stare Miasto");
    swit.description = "Pomagamy seniorom z Łodzi i Torunia.".to_owned();
    swit.address.street = "ul. Szeroka 12/3".to_owned();
    swit.areas = vec![Area::SocialAssistance, Area::Seniors];
    swit.target_groups = vec![TargetGroup::Seniors];
    swit.statuses.opp = true;
    swit.krs = Some("0000123456".to_owned());
    swit.nip = Some("879-100-20-30".to_owned());

    let mut kaliska = org(
        2,
        "Stowarzyszenie Łódź Kaliska",
        LegalForm::Association,
        "Podgórz",
    );
    kaliska.description = "Teatr i sztuka uliczna.".to_owned();
    kaliska.areas = vec![Area::Culture];
    kaliska.target_groups = vec![TargetGroup::Youth];
    kaliska.updated = 1_800_000_000;

    let mut zorza = org(
        3,
        "Spółdzielnia Socjalna Zorza",
        LegalForm::SocialCooperative,
        "Rubinkowo",
    );
    zorza.description = "Catering i obiady dla szkół.".to_owned();
    zorza.areas = vec![Area::Catering, Area::LabourMarket];
    zorza.target_groups = vec![TargetGroup::Unemployed, TargetGroup::Disabled];
    zorza.statuses.social_enterprise = true;
    zorza.statuses.prosocial_label_until = Some(date(2026, 12, 31));
    zorza.nip = Some("9562345678".to_owned());
    zorza.regon = Some("340123456".to_owned());

    let mut zrodlo = org(
        4,
        "Źródło – Centrum Integracji Społecznej",
        LegalForm::Cis,
        "Bydgoskie Przedmieście",
    );
    zrodlo.description = "Reintegracja zawodowa i społeczna.".to_owned();
    zrodlo.areas = vec![Area::LabourMarket];
    zrodlo.target_groups = vec![TargetGroup::Excluded, TargetGroup::Unemployed];
    zrodlo.statuses.prosocial_label_until = Some(date(2025, 12, 31));

    let mut zak = org(
        5,
        "Żak – Klub Sportowy",
        LegalForm::SportsClub,
        "Stare Miasto",
    );
    zak.areas = vec![Area::Sport, Area::ChildrenYouth];
    zak.target_groups = vec![TargetGroup::Children, TargetGroup::Youth];
    zak.statuses.opp = true;

    let mut cyrk = org(6, "Cyrk Wyobraźni", LegalForm::Association, "podgórz");
    cyrk.areas = vec![Area::Culture, Area::ChildrenYouth];
    cyrk.target_groups = vec![TargetGroup::Children];
    cyrk.updated = 1_800_000_000;

    let mut cma = org(7, "Ćma Teatr", LegalForm::Foundation, "Podgórz");
    cma.areas = vec![Area::Culture];

    let mut draft = org(8, "Fundacja Szkic", LegalForm::Foundation, "Mokre");
    draft.state = RecordState::Draft;
    let mut archived = org(
        9,
        "Stowarzyszenie Archiwum",
        LegalForm::Association,
        "Mokre",
    );
    archived.state = RecordState::Archived;

    let mut lubicz = org(10, "Lubicz Razem", LegalForm::Association, "");
    lubicz.areas = vec![Area::LocalDevelopment];

    vec![
        swit, kaliska, zorza, zrodlo, zak, cyrk, cma, draft, archived, lubicz,
    ]
}

fn index() -> OrgIndex {
    OrgIndex::build(fixture())
}

fn all_ids(index: &OrgIndex, query: OrgQuery, today: Date) -> (usize, Vec<u64>) {
    let result = index.search(
        &OrgQuery {
            per_page: 100,
            ..query
        },
        today,
    );
    assert!(!result.truncated);
    (
        result.total,
        result.page_ids.iter().map(|id| id.0).collect(),
    )
}

fn find(index: &OrgIndex, text: &str) -> Vec<u64> {
    let (total, ids) = all_ids(index, text_query(text), TODAY);
    assert_eq!(total, ids.len());
    ids
}

fn text_query(text: &str) -> OrgQuery {
    OrgQuery {
        text: text.to_owned(),
        ..OrgQuery::default()
    }
}

fn filtered(index: &OrgIndex, query: OrgQuery) -> Vec<u64> {
    all_ids(index, query, TODAY).1
}

#[test]
fn the_index_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<OrgIndex>();
}

#[test]
fn vocabulary_variants_are_numbered_in_the_order_of_all() {
    // The index stores vocabularies as `value as u8` and bit positions.
    for (i, &form) in LegalForm::ALL.iter().enumerate() {
        assert_eq!(form as usize, i);
    }
    for (i, &area) in Area::ALL.iter().enumerate() {
        assert_eq!(area as usize, i);
    }
    for (i, &group) in TargetGroup::ALL.iter().enumerate() {
        assert_eq!(group as usize, i);
    }
}

#[test]
fn only_published_organisations_are_indexed() {
    let index = index();
    assert_eq!(index.len(), 8);
    assert!(!index.is_empty());
    assert!(!index.contains(OrgId(8)) && !index.contains(OrgId(9)));
    assert_eq!(find(&index, "szkic"), Vec::<u64>::new());
    assert_eq!(find(&index, "archiwum"), Vec::<u64>::new());
    assert!(OrgIndex::build(Vec::new()).is_empty());
}

#[test]
fn text_search_ignores_case_and_diacritics() {
    let index = index();
    for query in ["lodz", "łódź", "ŁÓDŹ", "Lodz", "Ło\u{301}dz\u{301}"] {
        // "Łódź" in a name, "Łodzi" in a description.
        assert_eq!(find(&index, query), [1, 2], "{query}");
    }
    assert_eq!(find(&index, "swit"), [1]);
    assert_eq!(find(&index, "„Świt”"), [1]);
    assert_eq!(find(&index, "zrodlo"), [4]);
    assert_eq!(find(&index, "żak"), [5]);
}

#[test]
fn query_words_match_as_prefixes() {
    let index = index();
    // "Stowarzyszenie" is a name word of 2 and the legal form of 6 and 10.
    assert_eq!(find(&index, "stow"), [6, 10, 2]);
    assert_eq!(find(&index, "Stowarzyszenie"), [6, 10, 2]);
    assert_eq!(find(&index, "stowarzyszeniem"), Vec::<u64>::new());
    assert_eq!(find(&index, "wyobr"), [6]);
    assert_eq!(find(&index, "c"), [6, 7, 3, 4]);
}

#[test]
fn every_query_word_must_match() {
    let index = index();
    assert_eq!(find(&index, "teatr kultura"), [7, 2]);
    assert_eq!(find(&index, "kultura teatr uliczna"), [2]);
    assert_eq!(find(&index, "teatr zorza"), Vec::<u64>::new());
    assert_eq!(find(&index, "fundacja seniorom"), [1]);
}

#[test]
fn text_search_covers_every_listed_field() {
    let index = index();
    let table: &[(&str, &[u64])] = &[
        ("szeroka", &[1]),                 // street
        ("12", &[1]),                      // street number and KRS digits
        ("rubinkowo", &[3]),               // district
        ("bydgoskie przedm", &[4]),        // district, two words
        ("spółdzielnia", &[3]),            // name and legal-form label
        ("integracji", &[4]),              // legal-form label of a CIS is in its name too
        ("gastronomia", &[3]),             // area label
        ("aktywizacja zawodowa", &[3, 4]), // area label
        ("obiady", &[3]),                  // description
        ("9562345678", &[3]),              // NIP as stored
        ("956-234-56-78", &[3]),           // NIP typed with dashes
        ("956-23", &[3]),                  // NIP prefix with a dash
        ("8791002030", &[1]),              // NIP stored with dashes, typed without
        ("879-100-20-30", &[1]),           // ... and with
        ("0000123456", &[1]),              // KRS
        ("123456", &[1]),                  // KRS without its leading zeros
        ("340123456", &[3]),               // REGON
        ("osoby", &[]),                    // target-group labels are not searched
        ("torun", &[1]),                   // description only; the city is not searched
    ];
    for (query, expected) in table {
        assert_eq!(find(&index, query), *expected, "{query}");
    }
}

#[test]
fn each_filter_narrows_the_result() {
    let index = index();
    let q = OrgQuery::default;
    let table: &[(OrgQuery, &[u64])] = &[
        (q(), &[6, 7, 1, 10, 3, 2, 4, 5]),
        (
            OrgQuery {
                legal_form: Some(LegalForm::Foundation),
                ..q()
            },
            &[7, 1],
        ),
        (
            OrgQuery {
                area: Some(Area::Culture),
                ..q()
            },
            &[6, 7, 2],
        ),
        (
            OrgQuery {
                target_group: Some(TargetGroup::Children),
                ..q()
            },
            &[6, 5],
        ),
        (
            OrgQuery {
                district: Some("podgorz".to_owned()),
                ..q()
            },
            &[6, 7, 2],
        ),
        (
            OrgQuery {
                district: Some("Podgórz".to_owned()),
                ..q()
            },
            &[6, 7, 2],
        ),
        (
            OrgQuery {
                district: Some("nieznane-osiedle".to_owned()),
                ..q()
            },
            &[],
        ),
        (
            OrgQuery {
                district: Some(String::new()),
                ..q()
            },
            &[6, 7, 1, 10, 3, 2, 4, 5],
        ),
        (
            OrgQuery {
                status: Some(StatusFilter::Opp),
                ..q()
            },
            &[1, 5],
        ),
        (
            OrgQuery {
                status: Some(StatusFilter::SocialEnterprise),
                ..q()
            },
            &[3],
        ),
        (
            OrgQuery {
                status: Some(StatusFilter::ProsocialLabel),
                ..q()
            },
            &[3],
        ),
        (
            OrgQuery {
                text: "teatr".to_owned(),
                area: Some(Area::Culture),
                district: Some("podgorz".to_owned()),
                legal_form: Some(LegalForm::Association),
                ..q()
            },
            &[2],
        ),
    ];
    for (query, expected) in table {
        assert_eq!(filtered(&index, query.clone()), *expected, "{query:?}");
    }
}

#[test]
fn the_label_filter_depends_on_the_day() {
    let index = index();
    let label = OrgQuery {
        status: Some(StatusFilter::ProsocialLabel),
        ..OrgQuery::default()
    };
    let on = |day: Date| all_ids(&index, label.clone(), day).1;
    assert_eq!(on(date(2025, 6, 1)), [3, 4]);
    assert_eq!(on(date(2025, 12, 31)), [3, 4], "valid on its last day");
    assert_eq!(on(date(2026, 1, 1)), [3]);
    assert_eq!(on(date(2026, 12, 31)), [3]);
    assert_eq!(on(date(2027, 1, 1)), Vec::<u64>::new());

    let count_on = |day: Date| {
        let facets = index.search(&OrgQuery::default(), day).facets;
        facets
            .statuses
            .iter()
            .find(|f| f.value == StatusFilter::ProsocialLabel)
            .map(|f| f.count)
    };
    assert_eq!(count_on(date(2025, 6, 1)), Some(2));
    assert_eq!(count_on(TODAY), Some(1));
    assert_eq!(count_on(date(2027, 1, 1)), None);
}

fn counts<T: Copy>(facets: &[FacetCount<T>]) -> Vec<(T, usize)> {
    facets.iter().map(|f| (f.value, f.count)).collect()
}

#[test]
fn facets_count_the_current_result_in_vocabulary_order() {
    let index = index();
    let facets = index.search(&OrgQuery::default(), TODAY).facets;
    assert_eq!(
        counts(&facets.legal_forms),
        [
            (LegalForm::Foundation, 2),
            (LegalForm::Association, 3),
            (LegalForm::Cis, 1),
            (LegalForm::SportsClub, 1),
            (LegalForm::SocialCooperative, 1),
        ]
    );
    assert_eq!(
        counts(&facets.areas),
        [
            (Area::SocialAssistance, 1),
            (Area::LabourMarket, 2),
            (Area::Culture, 3),
            (Area::Sport, 1),
            (Area::LocalDevelopment, 1),
            (Area::Seniors, 1),
            (Area::ChildrenYouth, 2),
            (Area::Catering, 1),
        ]
    );
    assert_eq!(
        counts(&facets.target_groups),
        [
            (TargetGroup::Children, 2),
            (TargetGroup::Youth, 2),
            (TargetGroup::Seniors, 1),
            (TargetGroup::Disabled, 1),
            (TargetGroup::Unemployed, 2),
            (TargetGroup::Excluded, 1),
        ]
    );
    assert_eq!(
        counts(&facets.statuses),
        [
            (StatusFilter::Opp, 2),
            (StatusFilter::SocialEnterprise, 1),
            (StatusFilter::ProsocialLabel, 1),
        ]
    );
    let districts: Vec<(&str, &str, usize)> = facets
        .districts
        .iter()
        .map(|f| (f.value.slug.as_str(), f.value.name.as_str(), f.count))
        .collect();
    assert_eq!(
        districts,
        [
            ("bydgoskie-przedmiescie", "Bydgoskie Przedmieście", 1),
            ("podgorz", "Podgórz", 3),
            ("rubinkowo", "Rubinkowo", 1),
            ("stare-miasto", "Stare Miasto", 2),
        ]
    );

    // With a filter, every facet counts only the filtered result.
    let culture = index.search(
        &OrgQuery {
            area: Some(Area::Culture),
            ..OrgQuery::default()
        },
        TODAY,
    );
    assert_eq!(culture.total, 3);
    assert_eq!(
        counts(&culture.facets.areas),
        [(Area::Culture, 3), (Area::ChildrenYouth, 1)]
    );
    assert_eq!(
        counts(&culture.facets.legal_forms),
        [(LegalForm::Foundation, 1), (LegalForm::Association, 2)]
    );
    assert_eq!(culture.facets.statuses, []);
    assert_eq!(culture.facets.districts.len(), 1);
    assert_eq!(culture.facets.districts[0].count, 3);
}

#[test]
fn a_selected_value_stays_in_its_facet_even_without_results() {
    let index = index();
    let nothing = index.search(
        &OrgQuery {
            text: "teatr".to_owned(),
            legal_form: Some(LegalForm::Zaz),
            area: Some(Area::Culture),
            target_group: Some(TargetGroup::Migrants),
            district: Some("rubinkowo".to_owned()),
            status: Some(StatusFilter::ProsocialLabel),
            ..OrgQuery::default()
        },
        TODAY,
    );
    assert_eq!(nothing.total, 0);
    assert!(nothing.page_ids.is_empty());
    let facets = nothing.facets;
    assert_eq!(counts(&facets.legal_forms), [(LegalForm::Zaz, 0)]);
    assert_eq!(counts(&facets.areas), [(Area::Culture, 0)]);
    assert_eq!(counts(&facets.target_groups), [(TargetGroup::Migrants, 0)]);
    assert_eq!(
        counts(&facets.statuses),
        [(StatusFilter::ProsocialLabel, 0)]
    );
    assert_eq!(facets.districts.len(), 1);
    assert_eq!(facets.districts[0].value.name, "Rubinkowo");
    assert_eq!(facets.districts[0].count, 0);

    // An unknown district cannot be shown: there is no name for it.
    let unknown = index.search(
        &OrgQuery {
            district: Some("atlantyda".to_owned()),
            ..OrgQuery::default()
        },
        TODAY,
    );
    assert_eq!(unknown.total, 0);
    assert_eq!(unknown.facets, OrgFacets::default());
}

#[test]
fn sorts_by_polish_name_or_by_last_update() {
    let index = index();
    let by = |sort| {
        filtered(
            &index,
            OrgQuery {
                sort,
                ..OrgQuery::default()
            },
        )
    };
    assert_eq!(by(OrgSort::Name), [6, 7, 1, 10, 3, 2, 4, 5]);
    // 2 and 6 were updated at the same second: by name, "Cyrk" before "Stowarzyszenie".
    assert_eq!(by(OrgSort::Updated), [6, 2, 10, 7, 5, 4, 3, 1]);
}

#[test]
fn pages_cover_the_result_and_beyond_the_end_is_empty() {
    let index = index();
    let page = |page: usize, per_page: usize| {
        let result = index.search(
            &OrgQuery {
                page,
                per_page,
                ..OrgQuery::default()
            },
            TODAY,
        );
        (
            result.total,
            result.page_ids.iter().map(|id| id.0).collect::<Vec<_>>(),
        )
    };
    assert_eq!(page(0, 3), (8, vec![6, 7, 1]), "page 0 is read as page 1");
    assert_eq!(page(1, 3), (8, vec![6, 7, 1]));
    assert_eq!(page(2, 3), (8, vec![10, 3, 2]));
    assert_eq!(page(3, 3), (8, vec![4, 5]), "the last page is short");
    assert_eq!(page(4, 3), (8, vec![]));
    assert_eq!(page(usize::MAX, usize::MAX), (8, vec![]));
    assert_eq!(page(1, 0), (8, vec![6]), "per_page is at least 1");
    assert_eq!(page(8, 1), (8, vec![5]));
    assert_eq!(page(1, 1000).1.len(), 8);
    assert_eq!(page(2, 4), (8, vec![3, 2, 4, 5]));
}

#[test]
fn per_page_is_capped() {
    let orgs = super::bench::synthetic_orgs(150, 7);
    let index = OrgIndex::build(orgs);
    let result = index.search(
        &OrgQuery {
            per_page: 1000,
            ..OrgQuery::default()
        },
        TODAY,
    );
    assert_eq!(result.total, 150);
    assert_eq!(result.page_ids.len(), MAX_PER_PAGE);
}

#[test]
fn upsert_replaces_a_record_and_follows_its_state() {
    let mut index = index();
    let mut kaliska = fixture().remove(1);
    kaliska.name = "Stowarzyszenie Nowa Fala".to_owned();
    kaliska.district = "Mokre".to_owned();
    kaliska.areas = vec![Area::Environment];
    kaliska.updated = 1_600_000_000;
    index.upsert(&kaliska);
    assert_eq!(index.len(), 8);
    assert_eq!(find(&index, "kaliska"), Vec::<u64>::new());
    assert_eq!(find(&index, "lodz"), [1]);
    assert_eq!(find(&index, "fala"), [2]);
    assert_eq!(find(&index, "ekologia"), [2]);
    let culture = OrgQuery {
        area: Some(Area::Culture),
        ..OrgQuery::default()
    };
    assert_eq!(filtered(&index, culture), [6, 7]);
    let by_updated = OrgQuery {
        sort: OrgSort::Updated,
        ..OrgQuery::default()
    };
    assert_eq!(filtered(&index, by_updated), [6, 10, 7, 5, 4, 3, 1, 2]);
    assert!(index.districts().iter().any(|d| d.slug == "mokre"));

    // A record that is no longer published leaves the index; publishing brings it back.
    kaliska.state = RecordState::Pending;
    index.upsert(&kaliska);
    assert_eq!(index.len(), 7);
    assert_eq!(find(&index, "fala"), Vec::<u64>::new());
    assert!(!index.districts().iter().any(|d| d.slug == "mokre"));
    kaliska.state = RecordState::Published;
    index.upsert(&kaliska);
    assert_eq!(find(&index, "fala"), [2]);

    // A new record joins in name order; an unpublished unknown record changes nothing.
    let mut draft = org(11, "Fundacja Bis", LegalForm::Foundation, "Mokre");
    draft.state = RecordState::Draft;
    index.upsert(&draft);
    assert_eq!(index.len(), 8);
    draft.state = RecordState::Published;
    index.upsert(&draft);
    // 7 is a foundation too (its legal form is searched).
    assert_eq!(find(&index, "fundacja"), [7, 11, 1]);
    assert_eq!(index.len(), 9);
}

#[test]
fn upsert_of_an_unchanged_record_changes_nothing() {
    let mut index = index();
    let before = index.search(&OrgQuery::default(), TODAY);
    for org in fixture() {
        index.upsert(&org);
    }
    assert_eq!(index.search(&OrgQuery::default(), TODAY), before);
    assert_eq!(find(&index, "lodz"), [1, 2]);
}

#[test]
fn remove_takes_a_record_out() {
    let mut index = index();
    index.remove(OrgId(5));
    assert_eq!(index.len(), 7);
    assert!(!index.contains(OrgId(5)));
    assert_eq!(find(&index, "zak"), Vec::<u64>::new());
    assert_eq!(find(&index, "klub"), Vec::<u64>::new());
    index.remove(OrgId(5));
    index.remove(OrgId(999));
    assert_eq!(index.len(), 7);
    let stare_miasto =
        |index: &OrgIndex| index.districts().iter().any(|d| d.slug == "stare-miasto");
    assert!(stare_miasto(&index));
    index.remove(OrgId(1));
    assert!(!stare_miasto(&index));
    assert_eq!(filtered(&index, OrgQuery::default()), [6, 7, 10, 3, 2, 4]);
}

#[test]
fn districts_are_listed_in_polish_order() {
    let index = index();
    let names: Vec<String> = index.districts().into_iter().map(|d| d.name).collect();
    assert_eq!(
        names,
        [
            "Bydgoskie Przedmieście",
            "Podgórz",
            "Rubinkowo",
            "Stare Miasto"
        ]
    );
}

#[test]
fn a_repeated_id_keeps_the_last_record() {
    let mut orgs = fixture();
    let mut newer = orgs[0].clone();
    newer.name = "Fundacja Jutrzenka".to_owned();
    orgs.push(newer);
    let index = OrgIndex::build(orgs);
    assert_eq!(index.len(), 8);
    assert_eq!(find(&index, "swit"), Vec::<u64>::new());
    assert_eq!(find(&index, "jutrzenka"), [1]);
}

#[test]
fn a_query_stops_at_the_result_cap() {
    let index = index();
    let limits = Limits {
        max_matches: 3,
        ..LIMITS
    };
    let first = index.search_within(&OrgQuery::default(), TODAY, limits);
    assert!(first.truncated);
    assert_eq!(first.total, 3);
    assert_eq!(first.page_ids, [OrgId(6), OrgId(7), OrgId(1)]);
    let exact = index.search_within(
        &text_query("c"),
        TODAY,
        Limits {
            max_matches: 4,
            ..LIMITS
        },
    );
    assert!(!exact.truncated, "exactly at the cap is not truncated");
    assert_eq!(exact.total, 4);
}

#[test]
fn a_query_stops_when_its_time_is_up() {
    let index = OrgIndex::build(super::bench::synthetic_orgs(3000, 11));
    let no_time = Limits {
        budget: Duration::ZERO,
        ..LIMITS
    };
    let scan = index.search_within(&OrgQuery::default(), TODAY, no_time);
    assert!(scan.truncated);
    assert!(scan.total < 3000);
    let words = index.search_within(&text_query("fundacja stowarzyszenie"), TODAY, no_time);
    assert!(words.truncated);
    assert_eq!(words.total, 0);
    let in_time = index.search(&OrgQuery::default(), TODAY);
    assert!(!in_time.truncated);
    assert_eq!(in_time.total, 3000);
}

/// Checks the index against a plain scan over the records after random changes.
mod model {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::search::collate::collation_key;
    use crate::search::tokens::{for_each_index_token, query_tokens};

    const WORDS: &[&str] = &[
        "Fundacja",
        "Łódź",
        "Lodz",
        "Świt",
        "Swit",
        "Zorza",
        "Źródło",
        "Żak",
        "Cyrk",
        "Ćma",
        "Teatr",
        "Klub",
        "2",
        "10",
        "„Arka”",
        "87-100",
        "Stare",
    ];
    const QUERY_WORDS: &[&str] = &[
        "", "stow", "lod", "ż", "z", "fun", "swi", "teatr", "87-1", "1", "arka", "kultura", "xyz",
    ];
    const DISTRICT_NAMES: &[&str] = &["Podgórz", "podgórz", "Stare Miasto", "Rubinkowo", ""];

    #[derive(Debug, Clone)]
    enum Change {
        Upsert(Box<Organization>),
        Remove(u64),
    }

    fn words(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), 0..=max).prop_map(|w| w.join(" "))
    }

    fn organization() -> impl Strategy<Value = Organization> {
        (
            (0u64..12, words(3), words(4), 0..LegalForm::ALL.len()),
            (
                0u32..1 << 5,
                0u32..1 << 4,
                prop::sample::select(DISTRICT_NAMES),
            ),
            (any::<bool>(), any::<bool>(), prop::option::of(0i64..6)),
            (0i64..4, 0..4usize),
        )
            .prop_map(
                |((id, name, description, form), (areas, groups, district), statuses, rest)| {
                    let (opp, social_enterprise, label) = statuses;
                    let (updated, state) = rest;
                    let mut o = org(id, &name, LegalForm::ALL[form], district);
                    o.description = description;
                    o.areas = pick(Area::ALL, areas);
                    o.target_groups = pick(TargetGroup::ALL, groups);
                    o.statuses = Statuses {
                        opp,
                        social_enterprise,
                        prosocial_label_until: label
                            .map(|days| date(2026, 5, 29) + jiff::Span::new().days(days)),
                    };
                    o.updated = updated;
                    o.state = [
                        RecordState::Published,
                        RecordState::Published,
                        RecordState::Draft,
                        RecordState::Archived,
                    ][state];
                    o
                },
            )
    }

    fn pick<T: Copy>(all: &[T], mask: u32) -> Vec<T> {
        (0..all.len())
            .filter(|i| mask & 1 << i != 0)
            .map(|i| all[i])
            .collect()
    }

    fn change() -> impl Strategy<Value = Change> {
        prop_oneof![
            3 => organization().prop_map(|o| Change::Upsert(Box::new(o))),
            1 => (0u64..12).prop_map(Change::Remove),
        ]
    }

    fn query() -> impl Strategy<Value = OrgQuery> {
        (
            (
                prop::sample::select(QUERY_WORDS),
                prop::sample::select(QUERY_WORDS),
            ),
            prop::option::of(0..3usize),
            prop::option::of(0..5usize),
            prop::option::of(prop::sample::select(&["podgorz", "rubinkowo", "mokre"][..])),
            prop::option::of(prop::sample::select(StatusFilter::ALL)),
            (any::<bool>(), 0..4usize, 1..4usize),
        )
            .prop_map(
                |(text, form, area, district, status, (updated, page, per_page))| OrgQuery {
                    text: format!("{} {}", text.0, text.1),
                    legal_form: form.map(|f| LegalForm::ALL[f]),
                    area: area.map(|a| Area::ALL[a]),
                    target_group: None,
                    district: district.map(str::to_owned),
                    status,
                    sort: if updated {
                        OrgSort::Updated
                    } else {
                        OrgSort::Name
                    },
                    page,
                    per_page,
                },
            )
    }

    fn record_tokens(o: &Organization) -> Vec<String> {
        let mut out = Vec::new();
        let mut fields = vec![
            o.name.clone(),
            o.description.clone(),
            o.address.street.clone(),
            o.district.clone(),
            o.legal_form.label().to_owned(),
        ];
        fields.extend(o.areas.iter().map(|a| a.label().to_owned()));
        for field in fields {
            for_each_index_token(&field, |t| out.push(t.to_owned()));
        }
        out
    }

    /// The expected result, computed the slow and obvious way.
    fn expected(records: &BTreeMap<u64, Organization>, q: &OrgQuery) -> (usize, Vec<u64>) {
        let words = query_tokens(&q.text);
        let mut hits: Vec<&Organization> = records
            .values()
            .filter(|o| {
                let tokens = record_tokens(o);
                words
                    .iter()
                    .all(|w| tokens.iter().any(|t| t.starts_with(w.as_str())))
            })
            .filter(|o| q.legal_form.is_none_or(|f| o.legal_form == f))
            .filter(|o| q.area.is_none_or(|a| o.areas.contains(&a)))
            .filter(|o| {
                q.district
                    .as_ref()
                    .is_none_or(|d| slugify(&o.district) == *d)
            })
            .filter(|o| {
                q.status
                    .is_none_or(|s| o.active_statuses(TODAY).contains(&s))
            })
            .collect();
        hits.sort_by(|a, b| {
            let by_name = collation_key(&a.name)
                .cmp(&collation_key(&b.name))
                .then(a.id.cmp(&b.id));
            match q.sort {
                OrgSort::Name => by_name,
                OrgSort::Updated => b.updated.cmp(&a.updated).then(by_name),
            }
        });
        let per_page = q.per_page.clamp(1, MAX_PER_PAGE);
        let page = hits
            .iter()
            .skip((q.page.max(1) - 1) * per_page)
            .take(per_page)
            .map(|o| o.id.0)
            .collect();
        (hits.len(), page)
    }

    proptest! {
        #[test]
        fn index_agrees_with_a_plain_scan(
            initial in prop::collection::vec(organization(), 0..10),
            changes in prop::collection::vec(change(), 0..12),
            queries in prop::collection::vec(query(), 1..6),
        ) {
            let mut records: BTreeMap<u64, Organization> = BTreeMap::new();
            for o in &initial {
                if o.state == RecordState::Published {
                    records.insert(o.id.0, o.clone());
                } else {
                    // `build` skips it; an earlier published version stays.
                }
            }
            let mut index = OrgIndex::build(initial);
            for change in changes {
                match change {
                    Change::Upsert(o) => {
                        index.upsert(&o);
                        if o.state == RecordState::Published {
                            records.insert(o.id.0, *o);
                        } else {
                            records.remove(&o.id.0);
                        }
                    }
                    Change::Remove(id) => {
                        index.remove(OrgId(id));
                        records.remove(&id);
                    }
                }
            }
            prop_assert_eq!(index.len(), records.len());
            for q in queries {
                let result = index.search(&q, TODAY);
                let got: Vec<u64> = result.page_ids.iter().map(|id| id.0).collect();
                prop_assert_eq!((result.total, got), expected(&records, &q), "{:?}", q);
                let form_total: usize = result.facets.legal_forms.iter().map(|f| f.count).sum();
                prop_assert_eq!(form_total, result.total);
                let mut districts: Vec<String> = records
                    .values()
                    .map(|o| slugify(&o.district))
                    .filter(|s| !s.is_empty())
                    .collect();
                districts.sort();
                districts.dedup();
                let mut listed: Vec<String> =
                    index.districts().into_iter().map(|d| d.slug).collect();
                listed.sort();
                prop_assert_eq!(listed, districts);
            }
        }
    }
}
