//! Demo needs (zapotrzebowanie): as many as the original platform listed — 36 — posted by city
//! departments and by demo organisations, with deadlines around the day the data is written
//! (mostly ahead, some past with an outcome, some in progress with a chosen response) and
//! responses from demo organisations, among them the one the demo PES account represents.
//!
//! Deterministic for a given seed, organisation list, account list and day. For a larger demo
//! (`pestor demo --scale N`) the same needs repeat at other places, about N/2 in all.

use jiff::civil::Date;

use super::rng::Rng;
use crate::domain::Timestamp;
use crate::domain::need::{
    EXPIRED_OUTCOME, Need, NeedId, NeedResponse, NeedResponseId, NeedStatus, Requester,
};
use crate::domain::organization::{OrgId, Organization};
use crate::domain::slug::slugify;
use crate::domain::user::{Role, User, UserId};

/// As many needs as the original platform listed.
pub const DEFAULT_NEEDS: usize = 36;

/// How many needs go with `organizations` demo organisations: 36, or about half the number of
/// organisations for a larger demo (DESIGN §6: 10 000 organisations, 5 000 needs).
pub fn count_for(organizations: usize) -> usize {
    if organizations > super::DEFAULT_ORGANIZATIONS {
        organizations / 2
    } else {
        DEFAULT_NEEDS
    }
}

/// Who posts a template need.
#[derive(Clone, Copy)]
enum Poster {
    City(&'static str),
    Pes,
}

struct Template {
    title: &'static str,
    category: &'static str,
    description: &'static str,
    scope: &'static str,
    place: &'static str,
    /// Whole złoty.
    value: Option<i64>,
    poster: Poster,
}

const EDUKACJA: &str = "Wydział Edukacji";
const KULTURA: &str = "Wydział Kultury";
const MOPR: &str = "Miejski Ośrodek Pomocy Rodzinie (MOPR)";
const KOMUNALNY: &str = "Wydział Gospodarki Komunalnej";
const TCOP: &str = "Biuro Toruńskiego Centrum Organizacji Pozarządowych";
const SPORT: &str = "Wydział Sportu i Rekreacji";
const ZDROWIE: &str = "Wydział Zdrowia i Polityki Senioralnej";
const SRODOWISKO: &str = "Wydział Środowiska i Ekologii";

const TEMPLATES: &[Template] = &[
    Template {
        title: "Catering na konferencję „Szkoła otwarta na ekonomię społeczną”",
        category: "gastronomia/catering",
        description: "Przerwa kawowa przez cały dzień i obiad dwudaniowy dla uczestników konferencji dyrektorów szkół i nauczycieli.\n\nProsimy o wariant wegetariański i oznaczenie alergenów. Zastawa wielorazowa, obsługa kelnerska w czasie obiadu.",
        scope: "obiad i przerwa kawowa dla 120 osób",
        place: "Centrum Kulturalno-Kongresowe Jordanki",
        value: Some(12_500),
        poster: Poster::City(EDUKACJA),
    },
    Template {
        title: "Obiady dla uczestników klubu seniora",
        category: "gastronomia/obiady",
        description: "Codzienne ciepłe obiady (zupa i drugie danie) dowożone do klubu seniora w dni robocze. Posiłki dostosowane do diety osób starszych, w tym dieta lekkostrawna dla kilku osób.",
        scope: "obiady dla 40 osób przez 20 dni roboczych",
        place: "Klub seniora MOPR na Rubinkowie",
        value: Some(14_000),
        poster: Poster::City(MOPR),
    },
    Template {
        title: "Malowanie świetlicy przed otwarciem",
        category: "remontowo-budowlane/malowanie",
        description: "Odświeżamy świetlicę, w której prowadzimy zajęcia dla dzieci z osiedla. Szukamy ekipy, która pomaluje dwie sale i korytarz farbą lateksową; farbę i materiały zapewniamy.",
        scope: "ok. 120 m² ścian",
        place: "siedziba organizacji w Toruniu",
        value: Some(3_000),
        poster: Poster::Pes,
    },
    Template {
        title: "Sprzątanie terenów zielonych po sezonie",
        category: "porzadkowe/utrzymanie-terenu",
        description: "Grabienie liści, zbieranie odpadów i przycinanie krzewów na trzech skwerach miejskich. Praca z własnym sprzętem wykonawcy; odpady biodegradowalne odbiera miasto.",
        scope: "3 skwery, łącznie ok. 1,5 ha, jednorazowo",
        place: "skwery na Bydgoskim Przedmieściu",
        value: Some(9_800),
        poster: Poster::City(KOMUNALNY),
    },
    Template {
        title: "Druk ulotek i plakatów na Festiwal Organizacji Pozarządowych",
        category: "poligrafia/druk",
        description: "Druk pełnokolorowych ulotek A5 (dwustronnie, papier kredowy 150 g) i plakatów A2. Pliki do druku przekażemy w formacie PDF; prosimy o wydruk próbny przed drukiem całego nakładu.",
        scope: "5000 ulotek A5 i 200 plakatów A2",
        place: "odbiór w Urzędzie Miasta Torunia",
        value: Some(2_400),
        poster: Poster::City(KULTURA),
    },
    Template {
        title: "Remont sali świetlicy szkolnej",
        category: "remontowo-budowlane/remonty",
        description: "Wymiana wykładziny na panele winylowe, naprawa tynków, malowanie ścian i sufitu oraz montaż listew w sali świetlicy.\n\nPrace w czasie ferii zimowych, gdy w szkole nie ma uczniów.",
        scope: "sala ok. 65 m²",
        place: "Szkoła Podstawowa nr 7 w Toruniu",
        value: Some(28_000),
        poster: Poster::City(EDUKACJA),
    },
    Template {
        title: "Zagospodarowanie zieleni na szkolnym podwórku",
        category: "ogrodnicze/zakladanie-ogrodow",
        description: "Założenie ogródka dydaktycznego z podwyższonymi grządkami, nasadzenie krzewów owocowych i ziół oraz wysiew łąki kwietnej. Mile widziane warsztaty z uczniami przy sadzeniu.",
        scope: "ok. 300 m² terenu, 6 grządek podwyższonych",
        place: "Zespół Szkół nr 8 w Toruniu",
        value: Some(18_500),
        poster: Poster::City(EDUKACJA),
    },
    Template {
        title: "Warsztaty z pisania wniosków grantowych dla organizacji",
        category: "edukacja/szkolenia",
        description: "Dwa jednodniowe warsztaty dla przedstawicieli organizacji pozarządowych: wniosek w otwartym konkursie ofert, budżet projektu, rezultaty i wskaźniki. Potrzebny prowadzący z doświadczeniem oraz materiały dla uczestników.",
        scope: "2 warsztaty po 6 godzin, do 20 osób każdy",
        place: "Toruńskie Centrum Organizacji Pozarządowych",
        value: Some(4_800),
        poster: Poster::City(TCOP),
    },
    Template {
        title: "Opieka wytchnieniowa dla opiekunów osób z niepełnosprawnościami",
        category: "opieka/asystencja",
        description: "Opieka w godzinach popołudniowych nad osobami z niepełnosprawnościami, aby ich opiekunowie mogli odpocząć. Wymagane doświadczenie w pracy z osobami z niepełnosprawnością intelektualną.",
        scope: "160 godzin opieki w ciągu 2 miesięcy",
        place: "mieszkania podopiecznych w Toruniu",
        value: Some(9_600),
        poster: Poster::City(MOPR),
    },
    Template {
        title: "Obsługa techniczna plenerowego koncertu",
        category: "kultura/wydarzenia",
        description: "Nagłośnienie, oświetlenie i obsługa sceny podczas plenerowego koncertu zespołów młodzieżowych. Wykonawca zapewnia sprzęt, montaż i demontaż oraz realizatora dźwięku.",
        scope: "1 wieczór, scena 8 × 6 m, ok. 500 widzów",
        place: "park na Bydgoskim Przedmieściu",
        value: Some(7_500),
        poster: Poster::City(KULTURA),
    },
    Template {
        title: "Uszycie kostiumów do przedstawienia dla dzieci",
        category: "rekodzielo/tekstylia",
        description: "Nasza grupa teatralna przygotowuje przedstawienie dla dzieci z oddziału pediatrycznego. Potrzebujemy uszycia kostiumów według naszych projektów; część materiałów zapewniamy.",
        scope: "14 kostiumów",
        place: "Toruń, Stare Miasto",
        value: Some(2_100),
        poster: Poster::Pes,
    },
    Template {
        title: "Zimowe utrzymanie chodników przy budynkach miejskich",
        category: "porzadkowe/utrzymanie-terenu",
        description: "Odśnieżanie i posypywanie chodników oraz wejść do pięciu budynków miejskich w sezonie zimowym, w dni robocze do godziny 7:00.",
        scope: "5 budynków, sezon zimowy",
        place: "budynki miejskie na Rubinkowie i Skarpie",
        value: Some(16_000),
        poster: Poster::City(KOMUNALNY),
    },
    Template {
        title: "Przewóz dzieci na zawody sportowe",
        category: "transport/przewoz-osob",
        description: "Przewóz uczestników miejskiej ligi szkolnej na zawody i z powrotem busem z kierowcą. Pojazd z pasami bezpieczeństwa, kierowca z doświadczeniem w przewozie dzieci.",
        scope: "8 wyjazdów, do 20 osób",
        place: "wyjazdy spod hali sportowej przy ul. Bema",
        value: Some(5_600),
        poster: Poster::City(SPORT),
    },
    Template {
        title: "Projekt graficzny informatora o organizacjach pozarządowych",
        category: "poligrafia/projektowanie",
        description: "Opracowanie graficzne i skład 32-stronicowego informatora o toruńskich organizacjach pozarządowych, z okładką i wersją cyfrową (PDF zgodny z zasadami dostępności).",
        scope: "32 strony A5 i okładka",
        place: "praca zdalna, konsultacje w TCOP",
        value: Some(3_500),
        poster: Poster::City(TCOP),
    },
    Template {
        title: "Pranie i maglowanie pościeli dla noclegowni",
        category: "porzadkowe/pranie",
        description: "Odbiór, pranie, suszenie i maglowanie pościeli oraz ręczników z noclegowni raz w tygodniu, z dostawą zwrotną.",
        scope: "ok. 150 kg tygodniowo przez 3 miesiące",
        place: "noclegownia dla osób w kryzysie bezdomności",
        value: Some(11_700),
        poster: Poster::City(MOPR),
    },
    Template {
        title: "Upominki dla gości festiwalu",
        category: "rekodzielo/upominki",
        description: "Ręcznie wykonane upominki z motywem toruńskim — ceramiczne magnesy, zakładki do książek, torby z nadrukiem — dla gości zagranicznych festiwalu.",
        scope: "150 zestawów upominkowych",
        place: "Centrum Kultury Dwór Artusa",
        value: Some(6_000),
        poster: Poster::City(KULTURA),
    },
    Template {
        title: "Przegląd i naprawa rowerów do wypożyczalni społecznej",
        category: "remontowo-budowlane/drobne-naprawy",
        description: "Prowadzimy społeczną wypożyczalnię rowerów dla mieszkańców. Przed sezonem potrzebujemy przeglądu, regulacji hamulców i przerzutek oraz wymiany zużytych części.",
        scope: "25 rowerów",
        place: "Toruń, Podgórz",
        value: Some(2_500),
        poster: Poster::Pes,
    },
    Template {
        title: "Zajęcia pozalekcyjne z robotyki dla uczniów",
        category: "edukacja/zajecia-dla-dzieci",
        description: "Cotygodniowe zajęcia z podstaw programowania i robotyki dla dwóch grup uczniów klas 4–6. Wykonawca zapewnia zestawy do ćwiczeń.",
        scope: "2 grupy po 12 osób, 15 spotkań",
        place: "Szkoła Podstawowa nr 15 w Toruniu",
        value: Some(7_200),
        poster: Poster::City(EDUKACJA),
    },
    Template {
        title: "Gimnastyka usprawniająca dla seniorów",
        category: "rehabilitacja/fizjoterapia",
        description: "Zajęcia gimnastyki usprawniającej prowadzone przez fizjoterapeutę dla posiadaczy Toruńskiej Karty Seniora, dwa razy w tygodniu.",
        scope: "2 grupy, 24 zajęcia",
        place: "Centrum Aktywności Seniora",
        value: Some(5_800),
        poster: Poster::City(ZDROWIE),
    },
    Template {
        title: "Wypieki na spotkanie Rady Działalności Pożytku Publicznego",
        category: "gastronomia/wypieki",
        description: "Domowe ciasta i słone przekąski na posiedzenie Rady Działalności Pożytku Publicznego, z dostawą na godzinę przed spotkaniem.",
        scope: "ciasta i przekąski dla 30 osób",
        place: "Urząd Miasta Torunia",
        value: Some(900),
        poster: Poster::City(TCOP),
    },
    Template {
        title: "Sadzonki drzew i krzewów na akcję „Zielony Toruń”",
        category: "ogrodnicze/rosliny",
        description: "Dostawa sadzonek rodzimych gatunków drzew i krzewów w pojemnikach, z dowozem na miejsce wspólnego sadzenia z mieszkańcami.",
        scope: "300 sadzonek",
        place: "Las Miejski na Barbarce",
        value: Some(4_200),
        poster: Poster::City(SRODOWISKO),
    },
    Template {
        title: "Noclegi dla uczestników wymiany młodzieży",
        category: "turystyka/noclegi",
        description: "Szukamy noclegu ze śniadaniem dla grupy młodzieży z partnerskiej organizacji z Getyngi, najlepiej w pokojach wieloosobowych, w zasięgu komunikacji miejskiej.",
        scope: "18 osób, 4 noce",
        place: "Toruń",
        value: Some(7_000),
        poster: Poster::Pes,
    },
    Template {
        title: "Oprowadzanie grup seniorów po Starym Mieście",
        category: "turystyka/wycieczki",
        description: "Przewodnik po Starym Mieście dla grup seniorów i osób z niepełnosprawnościami, z trasą dostosowaną do osób poruszających się na wózkach.",
        scope: "10 spacerów po 2 godziny",
        place: "Stare Miasto w Toruniu",
        value: Some(3_000),
        poster: Poster::City(KULTURA),
    },
    Template {
        title: "Przeprowadzka punktu wsparcia rodzin",
        category: "transport/przeprowadzki",
        description: "Przewóz mebli, sprzętu biurowego i archiwum do nowej siedziby punktu wsparcia rodzin, z wniesieniem na drugie piętro budynku bez windy.",
        scope: "ok. 40 m³, jeden dzień",
        place: "z Mokrego na Chełmińskie Przedmieście",
        value: Some(3_800),
        poster: Poster::City(MOPR),
    },
    Template {
        title: "Drewniane meble do przedszkolnego kącika zabaw",
        category: "rekodzielo/wyroby-z-drewna",
        description: "Wykonanie drewnianych mebelków i zabawek do kącika zabaw: kuchenki, regału i domku dla lalek. Drewno bezpieczne dla dzieci, wykończenie lakierem wodnym.",
        scope: "komplet 6 elementów",
        place: "Przedszkole Miejskie nr 12 w Toruniu",
        value: Some(6_500),
        poster: Poster::City(EDUKACJA),
    },
    Template {
        title: "Naprawa i malowanie ławek parkowych",
        category: "remontowo-budowlane/stolarstwo",
        description: "Wymiana zniszczonych desek, szlifowanie i malowanie ławek parkowych farbą do drewna na zewnątrz.",
        scope: "35 ławek",
        place: "park na Skarpie",
        value: Some(8_750),
        poster: Poster::City(KOMUNALNY),
    },
    Template {
        title: "Przetwory na kiermasz świąteczny",
        category: "gastronomia/przetwory",
        description: "Na kiermasz charytatywny potrzebujemy domowych przetworów — dżemów, soków i konfitur — w słoikach z etykietą i składem.",
        scope: "200 słoików",
        place: "kiermasz na Rynku Staromiejskim",
        value: Some(2_800),
        poster: Poster::Pes,
    },
    Template {
        title: "Zajęcia z języka polskiego dla dzieci z rodzin migranckich",
        category: "edukacja/jezyki",
        description: "Zajęcia wyrównawcze z języka polskiego dla uczniów, dla których polski nie jest językiem ojczystym, w małych grupach po lekcjach.",
        scope: "3 grupy, po 30 godzin",
        place: "szkoły podstawowe na Rubinkowie",
        value: Some(9_000),
        poster: Poster::City(EDUKACJA),
    },
    Template {
        title: "Koncert kolęd w domu pomocy społecznej",
        category: "kultura/wystepy",
        description: "Występ chóru lub zespołu z repertuarem świątecznym dla mieszkańców domu pomocy społecznej.",
        scope: "1 koncert, ok. 45 minut",
        place: "Dom Pomocy Społecznej w Toruniu",
        value: Some(1_500),
        poster: Poster::City(KULTURA),
    },
    Template {
        title: "Opieka nad dziećmi podczas spotkań grupy wsparcia",
        category: "opieka/dzieci",
        description: "Opieka i zajęcia dla dzieci rodziców uczestniczących w grupie wsparcia, w osobnej sali obok miejsca spotkań.",
        scope: "12 spotkań po 3 godziny, do 10 dzieci",
        place: "siedziba MOPR",
        value: Some(3_600),
        poster: Poster::City(MOPR),
    },
    Template {
        title: "Sala na walne zebranie członków",
        category: "kultura/sale",
        description: "Potrzebujemy sali z rzutnikiem i nagłośnieniem na walne zebranie członków stowarzyszenia. Sala musi być dostępna dla osób poruszających się na wózkach.",
        scope: "1 sobota, 4 godziny, ok. 60 osób",
        place: "Toruń",
        value: None,
        poster: Poster::Pes,
    },
    Template {
        title: "Sprzątanie Centrum Aktywności Lokalnej",
        category: "porzadkowe/sprzatanie",
        description: "Codzienne sprzątanie sal, korytarzy i sanitariatów Centrum Aktywności Lokalnej po zajęciach popołudniowych.",
        scope: "ok. 400 m², 5 dni w tygodniu przez 6 miesięcy",
        place: "Centrum Aktywności Lokalnej na Rubinkowie",
        value: Some(24_000),
        poster: Poster::City(KOMUNALNY),
    },
    Template {
        title: "Terapia zajęciowa dla uczestników dziennego domu pobytu",
        category: "rehabilitacja/terapia-zajeciowa",
        description: "Zajęcia manualne i artystyczne — ceramika, decoupage, szycie — dla seniorów z dziennego domu pobytu.",
        scope: "30 zajęć po 2 godziny",
        place: "Dzienny Dom Pobytu dla Seniorów",
        value: Some(4_500),
        poster: Poster::City(ZDROWIE),
    },
    Template {
        title: "Ceramiczne statuetki na galę „Toruński Społecznik”",
        category: "rekodzielo/ceramika",
        description: "Ręcznie wykonane statuetki ceramiczne dla laureatów konkursu, z tabliczką z nazwą kategorii.",
        scope: "12 statuetek",
        place: "odbiór w Toruńskim Centrum Organizacji Pozarządowych",
        value: Some(2_400),
        poster: Poster::City(TCOP),
    },
    Template {
        title: "Opiekunowie seniorów na wycieczkę",
        category: "opieka/seniorzy",
        description: "Organizujemy jednodniową wycieczkę dla naszych podopiecznych. Szukamy dwóch opiekunów z doświadczeniem w pracy z osobami starszymi.",
        scope: "2 opiekunów, 1 dzień",
        place: "wycieczka do Ciechocinka",
        value: Some(1_200),
        poster: Poster::Pes,
    },
    Template {
        title: "Kompletowanie świątecznych paczek żywnościowych",
        category: "gastronomia/przetwory",
        description: "Przygotowanie i spakowanie paczek z produktami spożywczymi, w tym lokalnymi przetworami, dla rodzin objętych pomocą, z dowozem do punktów wydawania.",
        scope: "250 paczek",
        place: "punkty wydawania pomocy MOPR",
        value: Some(25_000),
        poster: Poster::City(MOPR),
    },
];

/// Places that tell the repeated needs of a larger demo apart.
const PLACES: &[&str] = &[
    "Szkoła Podstawowa nr 3",
    "Szkoła Podstawowa nr 11",
    "Szkoła Podstawowa nr 24",
    "Przedszkole Miejskie nr 5",
    "Przedszkole Miejskie nr 9",
    "Zespół Szkół nr 15",
    "Klub Osiedlowy na Jarze",
    "Dom Muz na Podgórzu",
    "Centrum Aktywności Lokalnej na Bielanach",
    "świetlica na Mokrem",
    "świetlica na Chełmińskim Przedmieściu",
    "Klub Seniora na Koniuchach",
];

/// What organisations answer, by main category.
fn response_text(category: &str, variant: u64) -> &'static str {
    let main = category.split('/').next().unwrap_or(category);
    let texts: [&str; 2] = match main {
        "gastronomia" => [
            "Przygotujemy wszystko w naszej kuchni z lokalnych produktów i dowieziemy na miejsce. Mamy doświadczenie w obsłudze wydarzeń dla ponad 100 osób; menu z wariantem wegetariańskim uzgodnimy z Państwem.",
            "Nasza spółdzielnia od kilku lat gotuje dla szkół i klubów seniora. Zapewniamy dowóz w termosach, zastawę i oznaczenie alergenów.",
        ],
        "porzadkowe" => [
            "Zatrudniamy osoby po reintegracji zawodowej, które mają doświadczenie w utrzymaniu czystości budynków i terenów zielonych. Dysponujemy własnym sprzętem i środkami; możemy zacząć w ciągu tygodnia.",
            "Wykonujemy podobne usługi dla wspólnot mieszkaniowych na kilku osiedlach. Proponujemy stały zespół i koordynatora dostępnego pod telefonem.",
        ],
        "remontowo-budowlane" => [
            "Nasza ekipa remontowa wykonała w ostatnich latach kilkanaście podobnych prac w szkołach i świetlicach. Proponujemy wizję lokalną i szczegółowy kosztorys; prace wykonamy w uzgodnionym terminie.",
            "Mamy stolarnię i doświadczonych fachowców, którzy szkolą uczestników naszego centrum integracji. Materiały możemy zapewnić sami albo użyć Państwa.",
        ],
        "ogrodnicze" => [
            "Prowadzimy gospodarstwo ogrodnicze i pracownię zieleni. Przygotujemy projekt nasadzeń, dostarczymy rośliny i chętnie poprowadzimy sadzenie z uczestnikami.",
            "Nasz zespół pielęgnuje zieleń na kilku osiedlach. Dysponujemy sprzętem i transportem; prace wykonamy w ciągu dwóch tygodni.",
        ],
        "poligrafia" => [
            "Prowadzimy pracownię poligraficzną, w której pracują osoby z niepełnosprawnościami. Wydruk próbny przygotujemy w dwa dni robocze, cały nakład w tydzień.",
            "Mamy doświadczenie w składzie publikacji dostępnych cyfrowo; przygotujemy projekt i pliki do druku w uzgodnionym terminie.",
        ],
        "rekodzielo" => [
            "Nasza pracownia terapii zajęciowej wykonuje takie wyroby na zamówienie. Przygotujemy próbkę do akceptacji, a całość w ciągu trzech tygodni.",
            "Szyjemy i wykonujemy upominki od lat, także dla instytucji miejskich. Zdjęcia wcześniejszych realizacji prześlemy na życzenie.",
        ],
        "edukacja" => [
            "Mamy doświadczonych trenerów i własne materiały szkoleniowe. Zajęcia poprowadzimy w proponowanym terminie; po zakończeniu przekażemy sprawozdanie z listą obecności.",
            "Prowadzimy podobne zajęcia w kilku toruńskich szkołach. Zapewniamy pomoce dydaktyczne i ubezpieczenie uczestników.",
        ],
        "opieka" => [
            "Nasi opiekunowie mają kwalifikacje i doświadczenie w pracy z osobami starszymi i z niepełnosprawnościami. Możemy zapewnić zastępstwa w razie choroby.",
            "Od lat prowadzimy usługi opiekuńcze na terenie Torunia. Proponujemy stały zespół, aby podopieczni mieli do czynienia z tymi samymi osobami.",
        ],
        "turystyka" => [
            "Prowadzimy hostel i organizujemy wycieczki z licencjonowanymi przewodnikami. Trasy dostosowujemy do możliwości uczestników.",
            "Mamy wolne miejsca w proponowanym terminie i doświadczenie w przyjmowaniu grup młodzieżowych.",
        ],
        "kultura" => [
            "Dysponujemy sprzętem nagłośnieniowym i doświadczoną ekipą techniczną. Wcześniej obsługiwaliśmy festyny osiedlowe i koncerty plenerowe.",
            "Nasz zespół chętnie wystąpi; repertuar i czas trwania uzgodnimy z organizatorem.",
        ],
        "rehabilitacja" => [
            "Zajęcia poprowadzą nasi fizjoterapeuci i terapeuci zajęciowi. Materiały do ćwiczeń zapewniamy we własnym zakresie.",
            "Prowadzimy warsztat terapii zajęciowej i podobne zajęcia dla seniorów od kilku lat.",
        ],
        _ => [
            "Dysponujemy busem z kierowcą i doświadczeniem w przewozie grup, także osób z niepełnosprawnościami.",
            "Wykonamy usługę w uzgodnionym terminie; szczegóły możemy omówić telefonicznie.",
        ],
    };
    texts[(variant % 2) as usize]
}

const OUTCOMES: &[&str] = &[
    "Wybrano odpowiedź organizacji „{org}”. Usługa została wykonana w terminie, rozliczenie zakończone.",
    "Zlecenie otrzymała organizacja „{org}”. Dziękujemy wszystkim, którzy odpowiedzieli.",
    "Współpraca z organizacją „{org}” zakończona; zleceniodawca jest zadowolony z jakości usługi.",
];

/// What becomes of a need in the demo.
#[derive(Clone, Copy, PartialEq)]
enum Fate {
    Open,
    InProgress,
    ClosedChosen,
    ClosedExpired,
    ClosedWithdrawn,
}

fn fate(k: usize) -> Fate {
    match (k % 9, k % 6) {
        (4, _) => Fate::InProgress,
        (_, 5) => match (k / 6) % 6 {
            0 | 2 | 4 => Fate::ClosedChosen,
            1 | 5 => Fate::ClosedExpired,
            _ => Fate::ClosedWithdrawn,
        },
        _ => Fate::Open,
    }
}

/// 09:00 in Poland (08:00 UTC in winter) on `date`, as a timestamp.
fn morning(date: Date) -> Timestamp {
    date.at(8, 0, 0, 0)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

fn plus_days(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days))
        .unwrap_or(date)
}

/// The demo needs with their responses, `count` in all. `orgs` and `users` are as stored (with
/// their ids); `today` is the seeding day. Responses carry temporary ids 1, 2 …, and a chosen
/// response is named by that id ([`crate::store::Store::insert_needs`] gives the real ones).
pub fn needs(
    orgs: &[Organization],
    users: &[User],
    count: usize,
    seed: u64,
    today: Date,
) -> Vec<(Need, Vec<NeedResponse>)> {
    let mut rng = Rng::new(seed ^ 0x706F_7472_7A65_6279);
    let staff: Vec<UserId> = users
        .iter()
        .filter(|u| u.role == Role::Staff)
        .map(|u| u.id)
        .collect();
    // Organisations with a representative, each with its first one, in id order.
    let mut represented: Vec<(OrgId, UserId)> = Vec::new();
    for user in users.iter().filter(|u| u.role == Role::Pes) {
        for org in &user.organizations {
            if !represented.iter().any(|(o, _)| o == org) {
                represented.push((*org, user.id));
            }
        }
    }
    represented.sort();
    let demo_login = super::accounts::login(Role::Pes).email;
    let demo_org = users
        .iter()
        .find(|u| u.email == demo_login)
        .and_then(|u| u.organizations.first().copied());
    let known = |id: OrgId| orgs.iter().any(|o| o.id == id);
    // Nothing happens later than the evening before the seeding day, so no time lies ahead.
    let latest = morning(plus_days(today, -1)) + 10 * 3600;
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        let template = &TEMPLATES[k % TEMPLATES.len()];
        let round = k / TEMPLATES.len();
        let (title, place) = if round == 0 {
            (template.title.to_string(), template.place.to_string())
        } else {
            let place = PLACES[(k + round) % PLACES.len()];
            (format!("{} – {place}", template.title), place.to_string())
        };
        // The requester: a department, or an organisation with a representative (the demo
        // account's own for the first PES need, so that the demo shows both sides).
        let pes = match template.poster {
            Poster::Pes if k == 2 && demo_org.is_some_and(known) => {
                demo_org.and_then(|o| represented.iter().find(|(r, _)| *r == o).copied())
            }
            Poster::Pes if !represented.is_empty() => {
                Some(represented[rng.index(represented.len())])
            }
            _ => None,
        };
        let (requester, author) = match (pes, template.poster) {
            (Some((org, rep)), _) => (Requester::Organization { id: org }, Some(rep)),
            (None, Poster::City(department)) => (
                Requester::City {
                    department: department.to_string(),
                },
                staff.get(k % staff.len().max(1)).copied(),
            ),
            (None, Poster::Pes) => (
                Requester::City {
                    department: TCOP.to_string(),
                },
                staff.first().copied(),
            ),
        };
        let fate = fate(k);
        let deadline = match (fate, k) {
            (Fate::Open, 7) => today,
            (Fate::Open, 8) => plus_days(today, 1),
            (Fate::Open, _) => plus_days(today, rng.range(3, 45)),
            (Fate::InProgress, _) => plus_days(today, -rng.range(1, 10)),
            _ => plus_days(today, -rng.range(5, 90)),
        };
        let posted =
            plus_days(deadline, -rng.range(14, 30)).min(plus_days(today, -rng.range(1, 25)));
        let created = (morning(posted) + rng.range(0, 8 * 3600)).min(latest);
        let value = template.value.map(|zl| {
            let jitter = rng.range(-10, 10);
            (zl + zl * jitter / 100) / 100 * 100 * 100
        });

        // Responders: organisations with a representative, never the requester; the demo
        // account's organisation answers the first city needs.
        let wanted = match fate {
            Fate::Open => rng.range(0, 3) as usize,
            Fate::InProgress | Fate::ClosedChosen => rng.range(2, 3) as usize,
            Fate::ClosedExpired => rng.range(0, 1) as usize,
            Fate::ClosedWithdrawn => 1,
        };
        let mut responders: Vec<(OrgId, UserId)> = Vec::new();
        if let Some(demo) = demo_org
            && k < 6
            && requester.organization() != Some(demo)
            && let Some(entry) = represented.iter().find(|(o, _)| *o == demo)
        {
            responders.push(*entry);
        }
        let mut attempts = 0;
        while responders.len() < wanted && attempts < 20 {
            attempts += 1;
            if represented.is_empty() {
                break;
            }
            let candidate = represented[rng.index(represented.len())];
            if requester.organization() != Some(candidate.0)
                && !responders.iter().any(|(o, _)| *o == candidate.0)
            {
                responders.push(candidate);
            }
        }
        let responses: Vec<NeedResponse> = responders
            .iter()
            .enumerate()
            .map(|(i, (org, rep))| {
                let sent = (created + rng.range(3600, 10 * 86_400))
                    .min(morning(deadline) + 3600)
                    .min(latest);
                NeedResponse {
                    id: NeedResponseId(i as u64 + 1),
                    need: NeedId(0),
                    organization: *org,
                    text: response_text(template.category, rng.next_u64()).to_string(),
                    price: value
                        .filter(|_| rng.chance(0.8))
                        .map(|v| v * (90 + rng.range(0, 15)) / 100 / 10_000 * 10_000),
                    attachment: None,
                    author: Some(*rep),
                    created: sent,
                    updated: sent,
                    demo: true,
                }
            })
            .collect();

        let name_of = |id: OrgId| {
            orgs.iter()
                .find(|o| o.id == id)
                .map(|o| o.name.clone())
                .unwrap_or_default()
        };
        let closed_at = morning(plus_days(deadline, rng.range(1, 7))).min(latest);
        let mut need = Need {
            id: NeedId(0),
            slug: slugify(&title),
            title,
            description: template.description.to_string(),
            category: template.category.to_string(),
            scope: template.scope.to_string(),
            estimated_value: value,
            place,
            deadline,
            requester,
            status: NeedStatus::Open,
            chosen: None,
            outcome: String::new(),
            closed_at: None,
            author,
            created,
            updated: created,
            demo: true,
        };
        match fate {
            Fate::Open => {}
            Fate::InProgress if !responses.is_empty() => {
                // The demo account's answer is the chosen one where it answered.
                need.status = NeedStatus::InProgress;
                need.chosen = Some(responses[0].id);
                need.updated = morning(deadline).min(latest);
            }
            Fate::ClosedChosen if !responses.is_empty() => {
                let chosen = &responses[rng.index(responses.len())];
                need.status = NeedStatus::Closed;
                need.chosen = Some(chosen.id);
                need.outcome = OUTCOMES[rng.index(OUTCOMES.len())]
                    .replace("{org}", &name_of(chosen.organization));
                need.closed_at = Some(closed_at);
                need.updated = closed_at;
            }
            Fate::ClosedWithdrawn => {
                need.status = NeedStatus::Closed;
                need.outcome =
                    "Potrzeba nieaktualna — zadanie wykonano we własnym zakresie.".to_string();
                need.closed_at = Some(closed_at);
                need.updated = closed_at;
            }
            _ => {
                need.status = NeedStatus::Closed;
                need.outcome = EXPIRED_OUTCOME.to_string();
                let expired_at = morning(plus_days(deadline, 1)).min(latest);
                need.closed_at = Some(expired_at);
                need.updated = expired_at;
            }
        }
        out.push((need, responses));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::need_input::NeedInput;

    fn world() -> (Vec<Organization>, Vec<User>) {
        let mut orgs = crate::demo::organizations(40, crate::demo::DEFAULT_SEED);
        for (i, org) in orgs.iter_mut().enumerate() {
            org.id = OrgId(i as u64 + 1);
        }
        let mut users =
            crate::demo::accounts::accounts(&orgs, crate::demo::DEFAULT_SEED, |_| "x".to_string());
        for (i, user) in users.iter_mut().enumerate() {
            user.id = UserId(i as u64 + 1);
        }
        (orgs, users)
    }

    #[test]
    fn thirty_six_needs_in_every_state_with_valid_fields() {
        let (orgs, users) = world();
        let today = jiff::civil::date(2026, 11, 27);
        let all = needs(&orgs, &users, DEFAULT_NEEDS, 1, today);
        assert_eq!(all.len(), 36);
        assert_eq!(TEMPLATES.len(), 36);
        let count = |status| all.iter().filter(|(n, _)| n.status == status).count();
        assert!(count(NeedStatus::Open) >= 20);
        assert!(count(NeedStatus::InProgress) >= 3);
        assert!(count(NeedStatus::Closed) >= 5);
        for (need, responses) in &all {
            assert!(need.demo);
            // Every demo need passes the form's own checks (with a deadline of today at worst).
            let mut copy = need.clone();
            copy.slug = String::new();
            let mut input = NeedInput::from_record(need);
            input.deadline = today.to_string();
            let choice = match need.requester {
                Requester::City { .. } => crate::domain::need_input::RequesterChoice::City,
                Requester::Organization { .. } => crate::domain::need_input::RequesterChoice::Keep,
            };
            assert!(
                input.apply(&mut copy, today, choice).is_empty(),
                "{}",
                need.title
            );
            match need.status {
                NeedStatus::Open => assert!(need.deadline >= today),
                NeedStatus::InProgress => assert!(need.chosen.is_some()),
                NeedStatus::Closed => assert!(!need.outcome.is_empty()),
            }
            if let Some(chosen) = need.chosen {
                assert!(responses.iter().any(|r| r.id == chosen), "{}", need.title);
            }
            for r in responses {
                assert_ne!(need.requester.organization(), Some(r.organization));
            }
            let mut orgs_seen: Vec<_> = responses.iter().map(|r| r.organization).collect();
            orgs_seen.sort();
            orgs_seen.dedup();
            assert_eq!(orgs_seen.len(), responses.len());
        }
    }

    #[test]
    fn the_demo_account_posts_a_need_and_answers_others() {
        let (orgs, users) = world();
        let today = jiff::civil::date(2026, 11, 27);
        let all = needs(&orgs, &users, DEFAULT_NEEDS, 1, today);
        let demo = users
            .iter()
            .find(|u| u.email == crate::demo::accounts::login(Role::Pes).email)
            .unwrap();
        let org = demo.organizations[0];
        assert!(
            all.iter()
                .any(|(n, _)| n.requester == Requester::Organization { id: org })
        );
        let answered = all
            .iter()
            .filter(|(_, rs)| rs.iter().any(|r| r.organization == org))
            .count();
        assert!(answered >= 3, "{answered}");
        assert!(all.iter().any(|(n, rs)| {
            n.status == NeedStatus::InProgress
                && rs
                    .iter()
                    .any(|r| Some(r.id) == n.chosen && r.organization == org)
        }));
    }

    #[test]
    fn same_inputs_same_needs_and_larger_demos_scale() {
        let (orgs, users) = world();
        let today = jiff::civil::date(2026, 11, 27);
        assert_eq!(
            needs(&orgs, &users, 36, 5, today),
            needs(&orgs, &users, 36, 5, today)
        );
        assert_eq!(count_for(208), 36);
        assert_eq!(count_for(3), 36);
        assert_eq!(count_for(10_000), 5_000);
        let many = needs(&orgs, &users, 100, 5, today);
        assert_eq!(many.len(), 100);
        assert!(many[40].0.title.contains(" – "));
    }
}
