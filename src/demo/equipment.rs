//! Demo equipment for the Bank sprzętu: as many items as the original platform listed (45),
//! given by city departments, demo organisations and residents ("osoba prywatna"), in every
//! state of their life — waiting for staff, available, asked for by organisations, reserved,
//! handed over and, for loans, returned — each with the history the real steps would write.
//!
//! The steps are the domain's own functions (`domain::equipment`), so the demo can never hold
//! an item in a state the platform could not reach. Deterministic for a given seed.

use super::rng::Rng;
use super::streets::STREETS;
use crate::domain::equipment::{
    self, Actor, Asking, Condition, Donor, EquipmentCategory, EquipmentId, EquipmentItem,
    EquipmentRequest, Mode, PRIVATE_ACTOR, RequestId, STAFF_ACTOR, Status, Unit,
};
use crate::domain::organization::Organization;
use crate::domain::slug::slugify;
use crate::domain::user::{Role, User};
use crate::domain::{RecordState, Timestamp};
use crate::text::format;

/// As many items as the original platform's bank listed.
pub const DEFAULT_EQUIPMENT: usize = 45;

/// How many items go with `organizations` demo organisations: 45 for the shipped data, about
/// one item per two organisations for larger scales (DESIGN §6: 5 000 at 10 000).
pub fn count_for(organizations: usize) -> usize {
    if organizations <= super::DEFAULT_ORGANIZATIONS {
        DEFAULT_EQUIPMENT
    } else {
        organizations / 2
    }
}

const DAY: i64 = 86_400;
/// 2026-01-05, the first item.
const FIRST: Timestamp = 1_767_571_200;
/// 2026-07-15: items that were handed over were added before this.
const HANDED_LAST: Timestamp = 1_784_073_600;
/// 2026-11-01: the other items were added before this.
const CURRENT_LAST: Timestamp = 1_793_491_200;
/// 2026-11-20: nothing in the demo happens later.
const LAST: Timestamp = 1_795_132_800;

/// One kind of thing people give away: title, category, unit, quantity range, description, a
/// note for when it needs a small repair, and whether it is usually lent rather than given.
struct Template {
    title: &'static str,
    category: EquipmentCategory,
    unit: Unit,
    quantity: (i64, i64),
    description: &'static str,
    repair: &'static str,
    lent: bool,
}

const fn t(
    title: &'static str,
    category: EquipmentCategory,
    unit: Unit,
    quantity: (i64, i64),
    description: &'static str,
    repair: &'static str,
    lent: bool,
) -> Template {
    Template {
        title,
        category,
        unit,
        quantity,
        description,
        repair,
        lent,
    }
}

use EquipmentCategory as C;

const TEMPLATES: &[Template] = &[
    t(
        "Biurka szkolne dwuosobowe",
        C::Furniture,
        Unit::Piece,
        (6, 24),
        "Biurka z regulowaną wysokością blatu (rozmiar 5–6), stelaż metalowy, blat laminowany w kolorze buku. Pozostały po wymianie wyposażenia sal lekcyjnych.",
        "w kilku biurkach trzeba dokręcić śruby stelaża",
        false,
    ),
    t(
        "Laptop Dell Latitude (2019)",
        C::Computers,
        Unit::Piece,
        (1, 6),
        "Laptopy 14\" z procesorem Intel Core i5, 8 GB RAM i dyskiem SSD 256 GB, z zasilaczami. Dyski wyczyszczone, zainstalowany system Linux Mint.",
        "w jednym laptopie słabsza bateria (ok. 1 godziny pracy)",
        false,
    ),
    t(
        "Wózek inwalidzki składany",
        C::Rehabilitation,
        Unit::Piece,
        (1, 3),
        "Lekki wózek ze stalową ramą, szerokość siedziska 45 cm, podnóżki odchylane, hamulce ręczne. Mieści się w bagażniku samochodu osobowego.",
        "do wymiany dętka w lewym kole",
        true,
    ),
    t(
        "Namiot ekspresowy 3×3 m",
        C::Sport,
        Unit::Piece,
        (1, 4),
        "Namiot z aluminiowym stelażem i dachem z poliestru, z trzema ścianami bocznymi i torbą na kółkach. Sprawdzi się na festynach i piknikach osiedlowych.",
        "jedna ściana boczna ma rozdarcie do zaklejenia",
        true,
    ),
    t(
        "Krzesła konferencyjne tapicerowane",
        C::Office,
        Unit::Piece,
        (10, 40),
        "Krzesła na metalowej ramie, siedzisko i oparcie tapicerowane szarą tkaniną, można je sztaplować po 8 sztuk.",
        "kilka siedzisk wymaga wyczyszczenia tapicerki",
        false,
    ),
    t(
        "Stoły składane cateringowe 180 cm",
        C::Furniture,
        Unit::Piece,
        (4, 12),
        "Stoły z blatem z tworzywa i składanymi nogami, 180 × 75 cm. Lekkie, łatwe w transporcie, idealne na spotkania i kiermasze.",
        "w jednym stole luźny zatrzask nogi",
        true,
    ),
    t(
        "Drukarka laserowa HP LaserJet Pro",
        C::Computers,
        Unit::Piece,
        (1, 3),
        "Monochromatyczna drukarka laserowa z dupleksem i siecią Ethernet, z kablem zasilającym. Toner w połowie.",
        "zacina się podajnik ręczny",
        false,
    ),
    t(
        "Projektor multimedialny Epson z ekranem",
        C::AudioVideo,
        Unit::Set,
        (1, 2),
        "Projektor 3LCD, jasność 3200 lumenów, wejścia HDMI i VGA, z ekranem na statywie 180 × 180 cm i pilotem.",
        "ekran ma ślady po taśmie klejącej",
        true,
    ),
    t(
        "Nagłośnienie przenośne z dwoma mikrofonami",
        C::AudioVideo,
        Unit::Set,
        (1, 2),
        "Kolumna aktywna 300 W z akumulatorem, odtwarzaczem USB i Bluetooth oraz dwa mikrofony bezprzewodowe. Wystarczy na zebranie do 150 osób.",
        "jeden mikrofon trzeszczy przy złączu",
        true,
    ),
    t(
        "Lodówka Beko 175 cm",
        C::Appliances,
        Unit::Piece,
        (1, 1),
        "Lodówka z zamrażarką na dole, klasa energetyczna A+, pojemność 300 l. Sprawna, umyta, oddawana z powodu wymiany na większą.",
        "pęknięta półka na drzwiach",
        false,
    ),
    t(
        "Pralka automatyczna Samsung 7 kg",
        C::Appliances,
        Unit::Piece,
        (1, 1),
        "Pralka ładowana od frontu, 1200 obrotów, 7 kg wsadu. Działa bez zarzutu, do odbioru z parteru.",
        "do wymiany uszczelka drzwi",
        false,
    ),
    t(
        "Kuchenka mikrofalowa",
        C::Appliances,
        Unit::Piece,
        (1, 4),
        "Kuchenki mikrofalowe 20 l z grillem, białe, z talerzami obrotowymi. Pozostały po likwidacji pokoju socjalnego.",
        "w jednej nie świeci się lampka",
        false,
    ),
    t(
        "Szafy aktowe metalowe",
        C::Office,
        Unit::Piece,
        (2, 8),
        "Szafy dwudrzwiowe zamykane na klucz, wysokość 195 cm, z czterema półkami. Komplet kluczy do każdej szafy.",
        "drzwi jednej szafy trzeba wyregulować",
        false,
    ),
    t(
        "Monitory LCD 24\"",
        C::Computers,
        Unit::Piece,
        (2, 10),
        "Monitory Full HD z wejściami HDMI i DisplayPort, z podstawami i kablami. Sprawne, bez martwych pikseli.",
        "jeden monitor ma zarysowaną obudowę",
        false,
    ),
    t(
        "Materace gimnastyczne",
        C::Sport,
        Unit::Piece,
        (4, 16),
        "Materace 200 × 100 × 10 cm w pokrowcach ze zmywalnej tkaniny, z uchwytami do przenoszenia. Dobre do zajęć ruchowych i korekcyjnych.",
        "dwa pokrowce mają przetarcia",
        false,
    ),
    t(
        "Rowery miejskie",
        C::Sport,
        Unit::Piece,
        (1, 5),
        "Rowery z ramą 19\", przerzutkami w piaście i oświetleniem, po przeglądzie. Pozostały z projektu rowerowego dla młodzieży.",
        "do wymiany klocki hamulcowe",
        true,
    ),
    t(
        "Ubrania zimowe dla dzieci",
        C::Clothing,
        Unit::Set,
        (5, 30),
        "Kurtki, czapki i rękawiczki w rozmiarach 110–152, czyste i posegregowane według rozmiarów w kartonach.",
        "kilka zamków błyskawicznych do wymiany",
        false,
    ),
    t(
        "Pościel i koce",
        C::Clothing,
        Unit::Set,
        (10, 40),
        "Komplety pościeli (poszwa i poszewka) oraz koce akrylowe, wyprane, zapakowane. Przydadzą się w noclegowni lub mieszkaniu treningowym.",
        "część koców jest zmechacona",
        false,
    ),
    t(
        "Klocki i zabawki konstrukcyjne",
        C::Toys,
        Unit::Set,
        (2, 10),
        "Duże skrzynie klocków konstrukcyjnych i drewnianych dla dzieci w wieku 3–10 lat. Kompletne, umyte.",
        "w jednym zestawie brakuje kilku elementów",
        false,
    ),
    t(
        "Gry planszowe edukacyjne",
        C::Toys,
        Unit::Set,
        (5, 20),
        "Gry planszowe i karciane dla dzieci i młodzieży, m.in. gry matematyczne i językowe. Kompletne, z instrukcjami.",
        "pudełka kilku gier są podklejone",
        false,
    ),
    t(
        "Tablica interaktywna z uchwytem",
        C::AudioVideo,
        Unit::Set,
        (1, 1),
        "Tablica 78\" z pisakami i oprogramowaniem, uchwyt ścienny w komplecie. Zdjęta przy remoncie sali.",
        "jeden pisak nie działa",
        false,
    ),
    t(
        "Wiertarko-wkrętarka akumulatorowa z walizką",
        C::Tools,
        Unit::Set,
        (1, 3),
        "Wkrętarka 18 V z dwoma akumulatorami, ładowarką i kompletem bitów i wierteł w walizce.",
        "jeden akumulator szybciej się rozładowuje",
        true,
    ),
    t(
        "Kosiarka spalinowa",
        C::Tools,
        Unit::Piece,
        (1, 1),
        "Kosiarka z koszem 60 l i napędem, szerokość koszenia 46 cm, po sezonowym przeglądzie.",
        "do wymiany linka gazu",
        true,
    ),
    t(
        "Narzędzia ogrodowe",
        C::Tools,
        Unit::Set,
        (1, 4),
        "Łopaty, grabie, motyki, sekatory i taczka — wyposażenie do prac w ogrodzie społecznym lub na działce.",
        "taczka ma przebitą oponę",
        false,
    ),
    t(
        "Chodzik rehabilitacyjny czterokołowy",
        C::Rehabilitation,
        Unit::Piece,
        (1, 4),
        "Chodzik z siedziskiem, koszykiem i hamulcami, regulowana wysokość rączek. Składany.",
        "jedno kółko trzeba nasmarować",
        true,
    ),
    t(
        "Łóżko rehabilitacyjne elektryczne",
        C::Rehabilitation,
        Unit::Piece,
        (1, 2),
        "Łóżko z elektryczną regulacją oparcia i wysokości, z barierkami i materacem przeciwodleżynowym.",
        "pilot ma pękniętą obudowę",
        true,
    ),
    t(
        "Kule łokciowe",
        C::Rehabilitation,
        Unit::Piece,
        (2, 10),
        "Kule z regulacją wysokości i profilowanymi uchwytami, z nowymi końcówkami antypoślizgowymi.",
        "jedna para ma luźny zatrzask regulacji",
        true,
    ),
    t(
        "Regały magazynowe metalowe",
        C::Furniture,
        Unit::Piece,
        (2, 10),
        "Regały skręcane 180 × 90 × 40 cm, pięć półek o nośności 150 kg każda. Rozkręcone, gotowe do przewiezienia.",
        "brakuje kilku śrub (standardowe M6)",
        false,
    ),
    t(
        "Fotele biurowe obrotowe",
        C::Office,
        Unit::Piece,
        (2, 12),
        "Fotele z regulacją wysokości i podłokietnikami, obicie z siatki. Po wymianie mebli w biurze.",
        "dwa fotele mają słabszy siłownik",
        false,
    ),
    t(
        "Niszczarka dokumentów",
        C::Office,
        Unit::Piece,
        (1, 2),
        "Niszczarka paskowo-ścinkowa na 12 kartek, kosz 20 l, stopień zabezpieczenia P-4.",
        "zacina się przy pełnym obciążeniu",
        false,
    ),
    t(
        "Telefony stacjonarne VoIP",
        C::Computers,
        Unit::Piece,
        (4, 20),
        "Telefony IP z wyświetlaczem i zasilaniem PoE, skonfigurowane do ustawień fabrycznych.",
        "w jednym porysowany wyświetlacz",
        false,
    ),
    t(
        "Tablet graficzny dla świetlicy",
        C::Computers,
        Unit::Piece,
        (1, 4),
        "Tablety 10\" z etui i ładowarkami, przywrócone do ustawień fabrycznych. Dobre do zajęć plastycznych i nauki programowania.",
        "jedno etui jest pęknięte",
        false,
    ),
    t(
        "Ekspres do kawy przelewowy",
        C::Appliances,
        Unit::Piece,
        (1, 3),
        "Ekspresy na 12 filiżanek z dzbankiem termicznym. Odkamienione, sprawne.",
        "brak jednej pokrywki dzbanka",
        false,
    ),
    t(
        "Czajniki elektryczne",
        C::Appliances,
        Unit::Piece,
        (2, 6),
        "Czajniki 1,7 l z filtrem i podstawą obrotową, po odkamienieniu.",
        "w jednym nie świeci się kontrolka",
        false,
    ),
    t(
        "Stół do tenisa stołowego",
        C::Sport,
        Unit::Piece,
        (1, 1),
        "Stół składany na kółkach do użytku w pomieszczeniach, z siatką i czterema rakietkami.",
        "obita krawędź blatu",
        true,
    ),
    t(
        "Piłki i sprzęt do gier zespołowych",
        C::Sport,
        Unit::Set,
        (1, 5),
        "Piłki do nogi, siatki i kosza, pachołki, znaczniki i pompka — zestaw do zajęć sportowych na boisku.",
        "kilka piłek trzeba dopompować",
        false,
    ),
    t(
        "Kaski i ochraniacze rowerowe",
        C::Sport,
        Unit::Set,
        (5, 20),
        "Kaski z regulacją obwodu i komplety ochraniaczy na kolana i łokcie dla dzieci i młodzieży.",
        "dwa kaski mają pęknięte daszki",
        false,
    ),
    t(
        "Kostiumy i stroje teatralne",
        C::Clothing,
        Unit::Set,
        (5, 25),
        "Stroje z przedstawień szkolnych: postaci z bajek, stroje ludowe i historyczne, w rozmiarach dziecięcych.",
        "kilka strojów wymaga przyszycia guzików",
        true,
    ),
    t(
        "Maszyny do szycia",
        C::Tools,
        Unit::Piece,
        (1, 4),
        "Maszyny elektryczne z podstawowymi ściegami, pedałami i pokrowcami. Sprawdzą się w pracowni krawieckiej lub na warsztatach.",
        "jedna maszyna wymaga regulacji naprężenia nici",
        false,
    ),
    t(
        "Zestaw książek dla dzieci i młodzieży",
        C::Toys,
        Unit::Set,
        (3, 15),
        "Kartony książek — lektury szkolne, powieści przygodowe i książki obrazkowe, w dobrym stanie.",
        "część okładek jest podklejona",
        false,
    ),
    t(
        "Odkurzacz przemysłowy",
        C::Tools,
        Unit::Piece,
        (1, 2),
        "Odkurzacz do pracy na sucho i mokro, zbiornik 30 l, z zestawem ssawek i węży.",
        "pęknięta rura teleskopowa",
        true,
    ),
    t(
        "Aparat fotograficzny z obiektywem",
        C::AudioVideo,
        Unit::Set,
        (1, 2),
        "Lustrzanka z obiektywem 18–55 mm, dwoma akumulatorami, ładowarką i torbą. Do dokumentowania wydarzeń organizacji.",
        "zarysowany wyświetlacz",
        true,
    ),
    t(
        "Stoliki kawowe i pufy",
        C::Furniture,
        Unit::Set,
        (1, 6),
        "Niskie stoliki i pufy tapicerowane do strefy spotkań albo kącika dla rodziców.",
        "jedna pufa ma przetarte obicie",
        false,
    ),
    t(
        "Kontenery na dokumenty i skrzynie",
        C::Other,
        Unit::Piece,
        (10, 50),
        "Plastikowe skrzynie z pokrywami, 60 l, do przechowywania i przewożenia materiałów.",
        "kilka pokryw jest pękniętych",
        false,
    ),
    t(
        "Bramki do piłki nożnej przenośne",
        C::Sport,
        Unit::Piece,
        (2, 2),
        "Bramki aluminiowe 3 × 2 m z siatkami, składane, z kotwami do trawy.",
        "jedna siatka wymaga zszycia",
        true,
    ),
    t(
        "Agregat prądotwórczy",
        C::Tools,
        Unit::Piece,
        (1, 1),
        "Agregat 2,5 kW z dwoma gniazdami 230 V, po serwisie. Przydatny na imprezach plenerowych.",
        "do wymiany filtr powietrza",
        true,
    ),
    t(
        "Stojaki na rowery",
        C::Other,
        Unit::Piece,
        (2, 10),
        "Stojaki ocynkowane na 5 rowerów każdy, do przykręcenia do podłoża.",
        "kilka z nich ma otarcia powłoki",
        false,
    ),
    t(
        "Gabloty wystawowe szklane",
        C::Furniture,
        Unit::Piece,
        (1, 4),
        "Gabloty z podświetleniem i zamkiem, wysokość 180 cm. Do prezentacji wyrobów na kiermaszach i w siedzibie.",
        "brakuje jednego klucza",
        true,
    ),
];

const DEPARTMENTS: &[&str] = &[
    "Wydział Gospodarki Nieruchomości",
    "Miejski Ośrodek Pomocy Rodzinie",
    "Wydział Edukacji",
    "Wydział Sportu i Rekreacji",
    "Wydział Informatyki",
    "Wydział Kultury",
];

/// Where the city's departments keep things to give away.
const CITY_STORES: &[(&str, &str)] = &[
    (
        "ul. Wały gen. Sikorskiego 8 (magazyn na dziedzińcu)",
        "Stare Miasto",
    ),
    (
        "ul. Grudziądzka 126b (magazyn MOPR)",
        "Chełmińskie Przedmieście",
    ),
    (
        "ul. Legionów 220 (budynek B, parter)",
        "Bydgoskie Przedmieście",
    ),
    (
        "ul. Bema 23/29 (hala sportowa, zaplecze)",
        "Bydgoskie Przedmieście",
    ),
    ("ul. Dziewulskiego 39 (magazyn gospodarczy)", "Rubinkowo"),
];

const JUSTIFICATIONS: &[&str] = &[
    "Prowadzimy świetlicę środowiskową, z której codziennie korzysta ok. 30 dzieci z osiedla. Sprzęt przyda się na zajęciach.",
    "Otwieramy nowy punkt wsparcia dla seniorów i kompletujemy wyposażenie sali spotkań.",
    "Nasi uczestnicy zajęć reintegracyjnych potrzebują tego sprzętu do warsztatów zawodowych.",
    "Organizujemy festyny i pikniki sąsiedzkie; do tej pory pożyczaliśmy taki sprzęt odpłatnie.",
    "Wspieramy rodziny w kryzysie — przekażemy sprzęt podopiecznym w ramach programu pomocy.",
    "Spółdzielnia socjalna rozwija usługi i potrzebuje wyposażenia dla nowych pracowników.",
    "Prowadzimy mieszkanie treningowe dla osób usamodzielniających się; brakuje nam wyposażenia.",
    "Zajęcia sportowe dla młodzieży prowadzimy społecznie i brakuje nam podstawowego sprzętu.",
    "Sprzęt posłuży uczestnikom warsztatu terapii zajęciowej podczas codziennej rehabilitacji.",
    "Przygotowujemy kawiarenkę obywatelską w lokalu od miasta i urządzamy ją od podstaw.",
];

/// What happens to an item in the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Pending,
    Available,
    Requested,
    Reserved,
    HandedOver,
    Returned,
}

/// The fates in order, repeated: of 45 items 3 wait for staff, 15 are available, 12 have open
/// requests, 6 are reserved, 6 handed over and 3 returned from a loan.
const FATES: [Fate; 15] = [
    Fate::Requested,
    Fate::Available,
    Fate::Reserved,
    Fate::Available,
    Fate::HandedOver,
    Fate::Requested,
    Fate::Available,
    Fate::Returned,
    Fate::Requested,
    Fate::Available,
    Fate::Pending,
    Fate::Reserved,
    Fate::Available,
    Fate::HandedOver,
    Fate::Requested,
];

/// The people the demo needs: staff, representatives with their organisations, residents.
struct Cast<'a> {
    orgs: &'a [Organization],
    staff: Vec<&'a User>,
    representatives: Vec<&'a User>,
    residents: Vec<&'a User>,
    /// The demo PES log-in's first organisation: it asks for the first item.
    demo_org: Option<usize>,
}

impl<'a> Cast<'a> {
    fn new(orgs: &'a [Organization], users: &'a [User]) -> Cast<'a> {
        let of = |role: Role| -> Vec<&User> {
            users
                .iter()
                .filter(|u| u.role == role && !u.is_deleted())
                .collect()
        };
        let representatives: Vec<&User> = of(Role::Pes)
            .into_iter()
            .filter(|u| {
                u.organizations
                    .iter()
                    .any(|o| orgs.iter().any(|g| g.id == *o))
            })
            .collect();
        let demo_login = super::accounts::login(Role::Pes).email;
        let demo_org = representatives
            .iter()
            .find(|u| u.email == demo_login)
            .and_then(|u| u.organizations.first())
            .and_then(|id| orgs.iter().position(|o| o.id == *id));
        Cast {
            orgs,
            staff: of(Role::Staff),
            representatives,
            residents: of(Role::Resident),
            demo_org,
        }
    }

    /// A representative and one of their organisations (as an index into `orgs`).
    fn representative(&self, rng: &mut Rng) -> Option<(&'a User, usize)> {
        if self.representatives.is_empty() {
            return None;
        }
        let user = self.representatives[rng.index(self.representatives.len())];
        let org = user.organizations[rng.index(user.organizations.len())];
        let index = self.orgs.iter().position(|o| o.id == org)?;
        Some((user, index))
    }

    /// The representative of organisation `org` (index), if there is one.
    fn representative_of(&self, org: usize) -> Option<&'a User> {
        let id = self.orgs.get(org)?.id;
        self.representatives
            .iter()
            .copied()
            .find(|u| u.organizations.contains(&id))
    }
}

/// `count` demo items with their requests, for the stored `orgs` and `users`. Ids are 0 (the
/// store gives them); the requests of an item carry local ids that its reservation points at.
pub fn equipment(
    orgs: &[Organization],
    users: &[User],
    count: usize,
    seed: u64,
) -> Vec<(EquipmentItem, Vec<EquipmentRequest>)> {
    // A stream of its own, so that equipment never changes the organisations of a seed.
    let mut rng = Rng::new(seed ^ 0x7370_7A65_7420_6465);
    let cast = Cast::new(orgs, users);
    (0..count).map(|n| generate(&mut rng, &cast, n)).collect()
}

/// The demo PES account's organisation asks for the first item (it stays open) and the third
/// (it is reserved for it).
fn asks_as_demo(n: usize) -> bool {
    n == 0 || n == 2
}

fn pick_condition(rng: &mut Rng) -> Condition {
    rng.weighted(&[
        (Condition::New, 10),
        (Condition::VeryGood, 30),
        (Condition::Good, 40),
        (Condition::NeedsRepair, 20),
    ])
}

fn date_of(ts: Timestamp) -> jiff::civil::Date {
    format::local_date(ts)
}

fn generate(rng: &mut Rng, cast: &Cast, n: usize) -> (EquipmentItem, Vec<EquipmentRequest>) {
    let template = &TEMPLATES[n % TEMPLATES.len()];
    let mut fate = FATES[n % FATES.len()];
    let condition = pick_condition(rng);
    let mut description = template.description.to_string();
    if condition == Condition::NeedsRepair {
        description.push_str(&format!(" Wymaga drobnej naprawy: {}.", template.repair));
    }
    let mode = if fate == Fate::Returned || (template.lent && rng.chance(0.6)) {
        Mode::Loan
    } else {
        Mode::Transfer
    };

    // Who gives it: staff for a department, a representative for their organisation, or a
    // resident. Waiting items never come from staff.
    let roll = rng.below(10);
    let donor_rep = if fate == Fate::Pending || (3..6).contains(&roll) {
        cast.representative(rng)
            .filter(|(_, org)| !asks_as_demo(n) || Some(*org) != cast.demo_org)
    } else {
        None
    };
    let resident = if donor_rep.is_none()
        && (fate == Fate::Pending || roll >= 8)
        && !cast.residents.is_empty()
    {
        Some(cast.residents[rng.index(cast.residents.len())])
    } else {
        None
    };
    let staff = (!cast.staff.is_empty()).then(|| cast.staff[rng.index(cast.staff.len())]);
    if fate == Fate::Pending && donor_rep.is_none() && resident.is_none() {
        fate = Fate::Available;
    }
    let (donor, author, actor, pickup_address, pickup_district) =
        if let Some((rep, org)) = donor_rep {
            let o = &cast.orgs[org];
            (
                Donor::Organization { id: o.id },
                Some(rep.id),
                Actor {
                    user: Some(rep.id),
                    label: o.name.clone(),
                },
                o.address.street.clone(),
                o.district.clone(),
            )
        } else if let Some(person) = resident {
            let street = &STREETS[rng.index(STREETS.len())];
            let number = rng.range(1, i64::from(street.max_number.max(1)));
            (
                Donor::Person {
                    name: person.name.clone(),
                },
                Some(person.id),
                Actor {
                    user: Some(person.id),
                    label: PRIVATE_ACTOR.to_string(),
                },
                format!("{} {number}", street.name),
                street.district.info().name.to_string(),
            )
        } else {
            let (address, district) = CITY_STORES[rng.index(CITY_STORES.len())];
            (
                Donor::Department {
                    name: DEPARTMENTS[rng.index(DEPARTMENTS.len())].to_string(),
                },
                staff.map(|s| s.id),
                Actor {
                    user: staff.map(|s| s.id),
                    label: STAFF_ACTOR.to_string(),
                },
                address.to_string(),
                district.to_string(),
            )
        };
    let staff_actor = Actor {
        user: staff.map(|s| s.id),
        label: STAFF_ACTOR.to_string(),
    };

    let created = match fate {
        Fate::HandedOver | Fate::Returned => FIRST + rng.range(0, HANDED_LAST - FIRST),
        Fate::Pending => LAST - rng.range(2 * DAY, 12 * DAY),
        _ => FIRST + rng.range(0, CURRENT_LAST - FIRST),
    } + rng.range(7 * 3_600, 16 * 3_600);
    let return_by = (mode == Mode::Loan).then(|| {
        jiff::civil::date(2027, 1, 31).saturating_add(jiff::Span::new().days(rng.range(0, 330)))
    });
    let (low, high) = template.quantity;
    let mut item = EquipmentItem {
        id: EquipmentId(0),
        slug: slugify(template.title),
        title: template.title.to_string(),
        category: template.category,
        condition,
        quantity: rng.range(low, high) as u32,
        unit: template.unit,
        description,
        pickup_address,
        pickup_district,
        donor,
        mode,
        return_by,
        photos: Vec::new(),
        state: RecordState::Pending,
        status: Status::Available,
        reserved_for: None,
        reserved_request: None,
        handover: None,
        returned_on: None,
        rejection: None,
        published: None,
        history: Vec::new(),
        created,
        updated: created,
        author,
        demo: true,
    };
    let by_staff = matches!(item.donor, Donor::Department { .. });
    equipment::submit(&mut item, by_staff, &actor, created);
    if fate == Fate::Pending {
        return (item, Vec::new());
    }
    let mut now = created;
    if !by_staff {
        now += rng.range(3 * 3_600, 2 * DAY);
        // Accepting a waiting item can only fail for an item that is not waiting.
        let _ = equipment::accept(&mut item, &staff_actor, now);
    }
    let wanted = match fate {
        Fate::Available | Fate::Pending => 0,
        _ => 1 + rng.below(3) as usize,
    };
    let mut requests: Vec<EquipmentRequest> = Vec::new();
    let mut askers: Vec<(&User, usize)> = Vec::new();
    if asks_as_demo(n)
        && let Some(org) = cast.demo_org
        && let Some(rep) = cast.representative_of(org)
    {
        askers.push((rep, org));
    }
    let mut attempts = 0;
    while askers.len() < wanted && attempts < 20 {
        attempts += 1;
        if let Some((rep, org)) = cast.representative(rng)
            && !askers.iter().any(|(_, o)| *o == org)
            && item.donor.organization() != Some(cast.orgs[org].id)
        {
            askers.push((rep, org));
        }
    }
    for (k, (rep, org)) in askers.iter().enumerate() {
        now += rng.range(6 * 3_600, 4 * DAY);
        let o = &cast.orgs[*org];
        let asking = Asking {
            organization: o.id,
            org_name: &o.name,
            user: rep.id,
            justification: JUSTIFICATIONS[rng.index(JUSTIFICATIONS.len())].to_string(),
        };
        let actor = Actor {
            user: Some(rep.id),
            label: o.name.clone(),
        };
        if let Ok(mut request) = equipment::request(&mut item, &requests, asking, &actor, now) {
            request.id = RequestId(k as u64 + 1);
            request.demo = true;
            requests.push(request);
        }
    }
    if matches!(fate, Fate::Available | Fate::Requested) || requests.is_empty() {
        return (item, requests);
    }

    // The donor side chooses one organisation (the demo PES account's, when it asked).
    let chosen = requests[if n == 2 { 0 } else { rng.index(requests.len()) }].clone();
    let chosen_name = cast
        .orgs
        .iter()
        .find(|o| o.id == chosen.organization)
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let donor_actor = if by_staff {
        staff_actor.clone()
    } else {
        actor.clone()
    };
    now += rng.range(DAY, 5 * DAY);
    if equipment::approve(
        &mut item,
        &mut requests,
        chosen.id,
        &chosen_name,
        &donor_actor,
        now,
    )
    .is_err()
        || fate == Fate::Reserved
    {
        return (item, requests);
    }
    now += rng.range(2 * DAY, 10 * DAY);
    let handed = date_of(now);
    let protocol = format!("PP/{}/{}", n + 1, handed.year());
    let today = date_of(LAST);
    if equipment::hand_over(
        &mut item,
        handed,
        &protocol,
        &chosen_name,
        &donor_actor,
        today,
        now,
    )
    .is_err()
        || fate == Fate::HandedOver
    {
        return (item, requests);
    }
    now = (now + rng.range(20 * DAY, 90 * DAY)).min(LAST);
    let _ = equipment::record_return(&mut item, date_of(now), &donor_actor, today, now);
    (item, requests)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DEFAULT_ORGANIZATIONS, DEFAULT_SEED, accounts, organizations};
    use crate::domain::equipment::RequestStatus;
    use crate::domain::organization::OrgId;
    use crate::domain::user::UserId;

    fn cast() -> (Vec<Organization>, Vec<User>) {
        let mut orgs = organizations(DEFAULT_ORGANIZATIONS, DEFAULT_SEED);
        for (i, org) in orgs.iter_mut().enumerate() {
            org.id = OrgId(i as u64 + 1);
        }
        let mut users = accounts::accounts(&orgs, DEFAULT_SEED, |r| r.code().to_string());
        for (i, user) in users.iter_mut().enumerate() {
            user.id = UserId(i as u64 + 1);
        }
        (orgs, users)
    }

    #[test]
    fn forty_five_items_in_every_state_with_consistent_histories() {
        let (orgs, users) = cast();
        let items = equipment(
            &orgs,
            &users,
            count_for(DEFAULT_ORGANIZATIONS),
            DEFAULT_SEED,
        );
        assert_eq!(items.len(), 45);
        let count = |f: &dyn Fn(&EquipmentItem) -> bool| items.iter().filter(|(i, _)| f(i)).count();
        assert!(count(&|i| i.state == RecordState::Pending) >= 2);
        assert!(count(&|i| i.is_public() && i.status == Status::Available) >= 10);
        assert!(count(&|i| i.status == Status::Reserved) >= 3);
        assert!(count(&|i| i.status == Status::HandedOver) >= 3);
        assert!(count(&|i| i.status == Status::Returned) >= 2);
        assert!(count(&|i| i.donor.is_private()) >= 3);
        assert!(count(&|i| i.donor.organization().is_some()) >= 5);
        assert!(count(&|i| matches!(i.donor, Donor::Department { .. })) >= 15);
        assert!(count(&|i| i.mode == Mode::Loan) >= 5);
        for (item, requests) in &items {
            assert!(item.demo);
            assert!(!item.history.is_empty(), "{}", item.title);
            assert!(item.history.windows(2).all(|w| w[0].at <= w[1].at));
            assert!(item.history.iter().all(|h| h.at < LAST + DAY));
            assert!(item.quantity >= 1);
            if item.is_current() && item.mode == Mode::Loan {
                assert!(item.return_by.unwrap() > jiff::civil::date(2026, 12, 31));
            }
            let approved: Vec<_> = requests
                .iter()
                .filter(|r| r.status == RequestStatus::Approved)
                .collect();
            match item.status {
                Status::Available => assert!(approved.is_empty()),
                _ => {
                    assert_eq!(approved.len(), 1, "{}", item.title);
                    assert_eq!(item.reserved_request, Some(approved[0].id));
                    assert!(requests.iter().all(|r| r.status != RequestStatus::Open));
                }
            }
            if let Some(h) = &item.handover {
                assert!(h.protocol.starts_with("PP/"));
            }
        }
        let open = items
            .iter()
            .flat_map(|(_, r)| r)
            .filter(|r| r.status == RequestStatus::Open)
            .count();
        assert!(open >= 10, "{open} open requests");
    }

    #[test]
    fn the_demo_pes_account_has_asked_for_something() {
        let (orgs, users) = cast();
        let items = equipment(&orgs, &users, 45, DEFAULT_SEED);
        let demo = users
            .iter()
            .find(|u| u.email == accounts::login(Role::Pes).email)
            .unwrap();
        let asked: Vec<_> = items
            .iter()
            .flat_map(|(_, r)| r)
            .filter(|r| demo.organizations.contains(&r.organization))
            .collect();
        assert!(asked.iter().any(|r| r.status == RequestStatus::Open));
    }

    #[test]
    fn same_seed_same_items_and_larger_scales_grow() {
        let (orgs, users) = cast();
        assert_eq!(
            equipment(&orgs, &users, 45, DEFAULT_SEED),
            equipment(&orgs, &users, 45, DEFAULT_SEED)
        );
        assert_eq!(count_for(208), 45);
        assert_eq!(count_for(10_000), 5_000);
        assert_eq!(equipment(&orgs, &users, 120, DEFAULT_SEED).len(), 120);
        assert!(
            equipment(&[], &[], 5, DEFAULT_SEED).len() == 5,
            "works without people"
        );
    }
}
