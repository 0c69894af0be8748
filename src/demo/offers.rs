//! Demo offers (Produkty i usługi): as many as the original platform listed — 42 — for the
//! demo organisations, each offer fitting what its organisation does (a social cooperative that
//! cooks offers catering, an occupational therapy workshop sells what its carpentry makes).
//!
//! The brochure's organisations come first: the organisation the demo PES account represents
//! has a few offers in several states, so that a demo can publish, archive and restore. For a
//! benchmark (`pestor demo --scale N` above the default), every organisation gets about five
//! offers drawn from the same texts with prices varied.
//!
//! Deterministic for a given seed and organisation list; ids are 0 (the store assigns them);
//! slugs are unique; every record has `demo: true`.

use std::collections::HashMap;

use super::rng::Rng;
use crate::domain::offer::{Audience, Offer, OfferId, Price, PriceUnit};
use crate::domain::organization::{Area, LegalForm, OrgId, Organization};
use crate::domain::slug::slugify;
use crate::domain::user::{Role, User, UserId};
use crate::domain::{RecordState, Timestamp};

/// As many offers as the original platform listed.
pub const DEFAULT_OFFERS: usize = 42;
/// Offers per organisation when the demo is scaled up for benchmarks (DESIGN §6: 10 000
/// organisations, 50 000 offers).
pub const OFFERS_PER_ORGANIZATION_AT_SCALE: usize = 5;

/// Which organisations may offer a text.
#[derive(Debug, Clone, Copy)]
enum Fit {
    /// The brochure's organisation with this index ([`super::brochure_names`]).
    Brochure(usize),
    /// Organisations active in this area.
    Area(Area),
    /// Organisations of this legal form.
    Form(LegalForm),
    /// Any organisation (scaled demo only).
    Any,
}

/// A price in grosze.
#[derive(Debug, Clone, Copy)]
enum P {
    Gross(i64, PriceUnit),
    GrossNet(i64, i64, PriceUnit),
    Negotiable,
}

#[derive(Debug)]
struct Template {
    title: &'static str,
    category: &'static str,
    description: &'static str,
    price: P,
    audience: &'static [Audience],
    area: &'static str,
    fit: Fit,
}

use Audience::{City, Pes, Residents};
use PriceUnit::{Day, Hour, Kilogram, Person, Piece, Service, SquareMetre};

const TORUN: &str = "Toruń";
const TORUN_COUNTY: &str = "Toruń i powiat toruński";
const TORUN_AROUND: &str = "Toruń i okolice do 30 km";
const REGION: &str = "Toruń i województwo kujawsko-pomorskie";
const SHIPPING: &str = "Cała Polska (wysyłka)";

/// The 42 offers of the default demo, in order. The first four belong to the organisation the
/// demo PES account represents.
const DEFAULT: [Template; DEFAULT_OFFERS] = [
    Template {
        title: "Szkolenie „Jak założyć spółdzielnię socjalną”",
        category: "edukacja/szkolenia",
        description: "Jednodniowe szkolenie dla grup inicjatywnych, organizacji pozarządowych i osób, które chcą założyć spółdzielnię socjalną. Omawiamy formalności, statut, rejestrację w KRS, źródła finansowania na start i pierwsze kroki w prowadzeniu przedsiębiorstwa społecznego.\n\nSzkolenie prowadzą doradcy, którzy od lat wspierają toruńskie spółdzielnie. Uczestnicy otrzymują materiały i zaświadczenie.",
        price: P::Gross(15_000, Person),
        audience: &[Pes, Residents],
        area: REGION,
        fit: Fit::Brochure(0),
    },
    Template {
        title: "Doradztwo przy wnioskach o dotacje i rozliczaniu projektów",
        category: "edukacja/szkolenia",
        description: "Pomagamy organizacjom pozarządowym i podmiotom ekonomii społecznej przygotować wnioski do otwartych konkursów ofert, programów rządowych i funduszy europejskich, a potem rozliczyć projekt. Konsultacje odbywają się w naszym biurze na Skarpie albo przez internet.\n\nDla organizacji z Torunia pierwsza godzina konsultacji jest bezpłatna.",
        price: P::Gross(12_000, Hour),
        audience: &[Pes],
        area: TORUN_COUNTY,
        fit: Fit::Brochure(0),
    },
    Template {
        title: "Wynajem sali szkoleniowej na Skarpie",
        category: "kultura/sale",
        description: "Sala na 24 osoby z rzutnikiem, ekranem, flipchartem i dostępem do internetu. Na miejscu jest aneks kuchenny; budynek ma podjazd dla wózków i toaletę dostosowaną do potrzeb osób z niepełnosprawnościami.\n\nSalę wynajmujemy w dni robocze i w soboty, na godziny lub na cały dzień.",
        price: P::GrossNet(6_000, 4_878, Hour),
        audience: &[City, Pes, Residents],
        area: TORUN,
        fit: Fit::Brochure(0),
    },
    Template {
        title: "Warsztaty o klauzulach społecznych dla zamawiających",
        category: "edukacja/szkolenia",
        description: "Warsztaty dla pracowników urzędów i jednostek miejskich: jak stosować klauzule społeczne i zamówienia zastrzeżone w praktyce, jak opisać przedmiot zamówienia i sprawdzić wykonawcę. Omawiamy przykłady toruńskich postępowań.",
        price: P::Negotiable,
        audience: &[City],
        area: REGION,
        fit: Fit::Brochure(0),
    },
    Template {
        title: "Zajęcia z integracji sensorycznej dla dzieci",
        category: "rehabilitacja/terapia-zajeciowa",
        description: "Indywidualne zajęcia z terapeutą integracji sensorycznej w dobrze wyposażonej sali. Przed rozpoczęciem terapii przeprowadzamy diagnozę i omawiamy z rodzicami plan zajęć.\n\nDochód z odpłatnych zajęć przeznaczamy na wsparcie podopiecznych stowarzyszenia.",
        price: P::Gross(11_000, Hour),
        audience: &[Residents],
        area: TORUN,
        fit: Fit::Brochure(1),
    },
    Template {
        title: "Rehabilitacja ruchowa dzieci w domu",
        category: "rehabilitacja/fizjoterapia",
        description: "Fizjoterapeuta dojeżdża do domu dziecka z niepełnosprawnością ruchową i prowadzi ćwiczenia według zaleceń lekarza. Pokazujemy też rodzicom, jak ćwiczyć z dzieckiem na co dzień.",
        price: P::Gross(13_000, Hour),
        audience: &[Residents, Pes],
        area: TORUN_COUNTY,
        fit: Fit::Brochure(1),
    },
    Template {
        title: "Przeprowadzki i opróżnianie mieszkań",
        category: "transport/przeprowadzki",
        description: "Ekipa z samochodem dostawczym przewiezie meble i rzeczy, opróżni piwnicę lub mieszkanie i wywiezie niepotrzebne sprzęty do punktu selektywnej zbiórki odpadów. Pracują u nas osoby, które dzięki fundacji wracają na rynek pracy.",
        price: P::Gross(14_000, Hour),
        audience: &[Residents, Pes, City],
        area: TORUN,
        fit: Fit::Brochure(2),
    },
    Template {
        title: "Opieka wytchnieniowa dla rodzin osób przewlekle chorych",
        category: "opieka/seniorzy",
        description: "Opiekunka zastąpi rodzinę przy osobie przewlekle chorej lub starszej na kilka godzin albo na cały dzień, żeby bliscy mogli odpocząć i załatwić swoje sprawy. Opiekunki są przeszkolone z pierwszej pomocy i pielęgnacji.",
        price: P::Gross(4_500, Hour),
        audience: &[Residents, City],
        area: TORUN,
        fit: Fit::Brochure(3),
    },
    Template {
        title: "Warsztaty międzykulturowe z zagranicznymi wolontariuszami",
        category: "edukacja/jezyki",
        description: "Zagraniczni wolontariusze prowadzą w szkołach i świetlicach warsztaty o swoich krajach — po angielsku, z tłumaczeniem dla młodszych dzieci. Uczniowie ćwiczą język, poznają inne kultury i uczą się pracy w międzynarodowej grupie.\n\nCykl obejmuje sześć spotkań po 90 minut.",
        price: P::Gross(90_000, Service),
        audience: &[City, Pes],
        area: TORUN,
        fit: Fit::Brochure(4),
    },
    Template {
        title: "Szkolenie z profilaktyki uzależnień dla kadry szkół i instytucji",
        category: "edukacja/szkolenia",
        description: "Czterogodzinne szkolenie dla nauczycieli, pedagogów, pracowników socjalnych i wychowawców świetlic: jak rozpoznać sygnały uzależnienia u młodzieży i dorosłych, jak rozmawiać i dokąd kierować po pomoc. Prowadzą terapeuci uzależnień.",
        price: P::Gross(180_000, Service),
        audience: &[City, Pes],
        area: TORUN_COUNTY,
        fit: Fit::Brochure(5),
    },
    Template {
        title: "Catering na konferencje i szkolenia",
        category: "gastronomia/catering",
        description: "Przerwy kawowe, lunche i obiady dla grup od 10 do 200 osób, z dowozem i obsługą. Gotujemy z lokalnych produktów, przygotowujemy też dania wegetariańskie i bezglutenowe.\n\nPracują u nas osoby, które wcześniej długo pozostawały bez pracy. Wystawiamy faktury VAT.",
        price: P::GrossNet(4_500, 4_167, Person),
        audience: &[City, Pes, Residents],
        area: TORUN_COUNTY,
        fit: Fit::Area(Area::Catering),
    },
    Template {
        title: "Obiady domowe z dowozem",
        category: "gastronomia/obiady",
        description: "Zupa i drugie danie od poniedziałku do piątku, z dowozem do domu lub pracy. Jadłospis zmienia się co tydzień; dla seniorów przygotowujemy mniejsze porcje i dania lekkostrawne.",
        price: P::Gross(2_400, Person),
        audience: &[Residents, City],
        area: TORUN,
        fit: Fit::Area(Area::Catering),
    },
    Template {
        title: "Toruńskie pierniki z logo firmy",
        category: "gastronomia/wypieki",
        description: "Pierniki pieczone według tradycyjnych toruńskich receptur, lukrowane ręcznie, z logo lub napisem zamawiającego. Pakujemy je pojedynczo w celofan — sprawdzą się jako upominek na konferencję lub dla gości urzędu.\n\nNajmniejsze zamówienie to 50 sztuk.",
        price: P::GrossNet(650, 602, Piece),
        audience: &[City, Pes],
        area: SHIPPING,
        fit: Fit::Area(Area::Catering),
    },
    Template {
        title: "Ciasta na zamówienie",
        category: "gastronomia/wypieki",
        description: "Sernik, szarlotka, makowiec, drożdżówka z kruszonką i torty okolicznościowe na urodziny, komunie i spotkania firmowe. Zamówienia przyjmujemy z trzydniowym wyprzedzeniem.",
        price: P::Gross(5_500, Kilogram),
        audience: &[Residents, Pes],
        area: TORUN,
        fit: Fit::Area(Area::Catering),
    },
    Template {
        title: "Przetwory domowe: konfitury, ogórki kiszone i soki",
        category: "gastronomia/przetwory",
        description: "Konfitury z owoców z przydomowych sadów, ogórki kiszone i soki tłoczone na zimno, robione według przepisów naszych babć. Słoiki sprzedajemy na jarmarkach i na zamówienie.",
        price: P::Gross(1_800, Piece),
        audience: &[Residents],
        area: TORUN_AROUND,
        fit: Fit::Form(LegalForm::RuralWomenCircle),
    },
    Template {
        title: "Pierogi ręcznie lepione na festyny i uroczystości",
        category: "gastronomia/obiady",
        description: "Pierogi z kapustą i grzybami, ruskie, z mięsem i z jagodami, lepione ręcznie przez członkinie koła. Przygotujemy je na festyn, dożynki, stypę lub rodzinną uroczystość.",
        price: P::Gross(4_500, Kilogram),
        audience: &[Residents, City, Pes],
        area: TORUN_AROUND,
        fit: Fit::Form(LegalForm::RuralWomenCircle),
    },
    Template {
        title: "Posiłki dla szkół i przedszkoli",
        category: "gastronomia/obiady",
        description: "Przygotowujemy i dowozimy obiady dla szkół, przedszkoli i placówek opiekuńczych, zgodnie z normami żywienia dzieci i młodzieży. Jadłospisy układa dietetyk. Mamy doświadczenie w zamówieniach publicznych z klauzulą społeczną.",
        price: P::Negotiable,
        audience: &[City],
        area: TORUN,
        fit: Fit::Form(LegalForm::Zaz),
    },
    Template {
        title: "Poczęstunek na spotkania wigilijne i jubileusze",
        category: "gastronomia/catering",
        description: "Barszcz z uszkami, pierogi, ryba po grecku, sałatki i ciasta — zestawy na spotkania wigilijne, jubileusze i zebrania. Dowozimy na miejsce i odbieramy naczynia.",
        price: P::Gross(3_800, Person),
        audience: &[City, Pes, Residents],
        area: TORUN,
        fit: Fit::Area(Area::Catering),
    },
    Template {
        title: "Sprzątanie biur i pomieszczeń urzędowych",
        category: "porzadkowe/sprzatanie",
        description: "Codzienne lub okresowe sprzątanie biur, sal obsługi klientów i pomieszczeń socjalnych, także po godzinach pracy. Używamy profesjonalnego sprzętu i ekologicznych środków czystości; pracownicy mają szkolenia BHP.\n\nRealizujemy zamówienia z klauzulą społeczną.",
        price: P::GrossNet(4_200, 3_415, Hour),
        audience: &[City, Pes],
        area: TORUN,
        fit: Fit::Area(Area::Cleaning),
    },
    Template {
        title: "Sprzątanie klatek schodowych dla wspólnot mieszkaniowych",
        category: "porzadkowe/sprzatanie",
        description: "Mycie schodów, poręczy i okien na klatkach schodowych raz lub dwa razy w tygodniu. Umowę zawieramy ze wspólnotą lub zarządcą budynku; cena dotyczy jednej klatki przez miesiąc przy sprzątaniu raz w tygodniu.",
        price: P::Gross(25_000, Service),
        audience: &[Residents],
        area: TORUN,
        fit: Fit::Area(Area::Cleaning),
    },
    Template {
        title: "Mycie okien i witryn",
        category: "porzadkowe/sprzatanie",
        description: "Myjemy okna w mieszkaniach, biurach i sklepach, także witryny i przeszklenia do wysokości drugiego piętra. Pracujemy ze sprzętem do mycia z ziemi, bez rusztowań.",
        price: P::Gross(1_200, SquareMetre),
        audience: &[Residents, Pes, City],
        area: TORUN,
        fit: Fit::Area(Area::Cleaning),
    },
    Template {
        title: "Koszenie trawników i pielęgnacja terenów zielonych",
        category: "ogrodnicze/pielegnacja-zieleni",
        description: "Koszenie, grabienie liści, przycinanie żywopłotów i krzewów, pielęgnacja rabat. Obsługujemy tereny przy budynkach, szkołach i osiedlach; zielone odpady wywozimy do kompostowni.",
        price: P::GrossNet(45, 37, SquareMetre),
        audience: &[City, Residents],
        area: TORUN_COUNTY,
        fit: Fit::Area(Area::Cleaning),
    },
    Template {
        title: "Odśnieżanie chodników i parkingów",
        category: "porzadkowe/utrzymanie-terenu",
        description: "Zimą odśnieżamy i posypujemy chodniki, parkingi i dojścia do budynków, także w nocy i w weekendy. Usługę zamawia się na cały sezon zimowy.",
        price: P::Negotiable,
        audience: &[City, Residents],
        area: TORUN,
        fit: Fit::Area(Area::Cleaning),
    },
    Template {
        title: "Pranie i maglowanie pościeli, obrusów i odzieży roboczej",
        category: "porzadkowe/pranie",
        description: "Pralnia przyjmuje pościel, ręczniki, obrusy, firany i odzież roboczą od firm, instytucji i osób prywatnych. Odbieramy i dowozimy pranie na terenie Torunia; pracują u nas osoby z niepełnosprawnościami.",
        price: P::Gross(1_400, Kilogram),
        audience: &[City, Pes, Residents],
        area: TORUN,
        fit: Fit::Form(LegalForm::Zaz),
    },
    Template {
        title: "Remonty lokali komunalnych i pomieszczeń organizacji",
        category: "remontowo-budowlane/remonty",
        description: "Kompleksowe remonty mieszkań i lokali: skucie i położenie płytek, gładzie, malowanie, wymiana drzwi, drobne prace hydrauliczne i elektryczne. Kosztorys przygotowujemy po oględzinach.",
        price: P::Negotiable,
        audience: &[City, Pes],
        area: TORUN_COUNTY,
        fit: Fit::Area(Area::Construction),
    },
    Template {
        title: "Malowanie ścian i sufitów",
        category: "remontowo-budowlane/malowanie",
        description: "Malujemy mieszkania, klatki schodowe, sale lekcyjne i biura. Cena obejmuje zabezpieczenie podłóg i mebli, gruntowanie i dwukrotne malowanie; farbę dostarcza zamawiający albo kupujemy ją po cenie hurtowej.",
        price: P::Gross(1_800, SquareMetre),
        audience: &[Residents, City, Pes],
        area: TORUN,
        fit: Fit::Area(Area::Construction),
    },
    Template {
        title: "Drobne naprawy domowe – złota rączka",
        category: "remontowo-budowlane/drobne-naprawy",
        description: "Naprawimy cieknący kran, powiesimy półki i karnisze, złożymy meble, wymienimy gniazdko lub uszczelki w oknach. Seniorom z Torunia dajemy 20% zniżki.",
        price: P::Gross(8_000, Hour),
        audience: &[Residents],
        area: TORUN,
        fit: Fit::Area(Area::Construction),
    },
    Template {
        title: "Ceramiczne kubki i miski z toruńskimi motywami",
        category: "rekodzielo/ceramika",
        description: "Kubki, miski i talerzyki toczone i malowane ręcznie w naszej pracowni, z motywami Starówki, pierników i Wisły. Każdy egzemplarz jest inny; można je myć w zmywarce.",
        price: P::Gross(4_500, Piece),
        audience: &[Residents, City, Pes],
        area: SHIPPING,
        fit: Fit::Area(Area::Crafts),
    },
    Template {
        title: "Torby z banerów i tkanin z odzysku",
        category: "rekodzielo/tekstylia",
        description: "Szyjemy torby na zakupy, worki i saszetki z używanych banerów reklamowych i tkanin z odzysku. Instytucja może oddać nam swoje stare banery, a my uszyjemy z nich gadżety na jej wydarzenia.",
        price: P::Gross(6_000, Piece),
        audience: &[City, Residents],
        area: SHIPPING,
        fit: Fit::Area(Area::Crafts),
    },
    Template {
        title: "Upominki okolicznościowe z logo instytucji",
        category: "rekodzielo/upominki",
        description: "Przygotowujemy zestawy upominków na konferencje, jubileusze i wizyty gości: pierniki, ceramikę, notesy i torby z logo. Pomagamy dobrać zestaw do budżetu i pakujemy go w ozdobne pudełka.",
        price: P::Negotiable,
        audience: &[City, Pes],
        area: SHIPPING,
        fit: Fit::Area(Area::Crafts),
    },
    Template {
        title: "Karmniki i budki lęgowe z drewna",
        category: "rekodzielo/wyroby-z-drewna",
        description: "Karmniki, budki dla sikorek i domki dla owadów wykonane przez uczestników pracowni stolarskiej. Drewno jest zabezpieczone ekologicznym impregnatem; do budek dołączamy instrukcję zawieszenia.",
        price: P::Gross(5_500, Piece),
        audience: &[Residents, City],
        area: TORUN,
        fit: Fit::Form(LegalForm::Wtz),
    },
    Template {
        title: "Szycie odzieży roboczej i fartuchów w krótkich seriach",
        category: "rekodzielo/tekstylia",
        description: "Szwalnia uszyje fartuchy, zapaski, odzież roboczą i stroje na występy — od 10 sztuk, według wzoru zamawiającego lub naszych krojów. Haftujemy logo i imiona.",
        price: P::Negotiable,
        audience: &[Pes, City],
        area: REGION,
        fit: Fit::Area(Area::Crafts),
    },
    Template {
        title: "Oprawa prac dyplomowych i dokumentów",
        category: "poligrafia/introligatorstwo",
        description: "Oprawiamy prace dyplomowe, kroniki, księgi pamiątkowe i dokumentację w twardą okładkę ze złoceniem. Prace dyplomowe oprawiamy w ciągu jednego dnia roboczego.",
        price: P::Gross(3_500, Piece),
        audience: &[Residents, City],
        area: TORUN,
        fit: Fit::Area(Area::Crafts),
    },
    Template {
        title: "Kartki okolicznościowe i zaproszenia robione ręcznie",
        category: "rekodzielo/upominki",
        description: "Kartki świąteczne, zaproszenia na śluby i komunie, podziękowania dla gości — wykonane ręcznie techniką scrapbookingu i quillingu przez uczestników warsztatu. Przyjmujemy zamówienia firmowe.",
        price: P::Gross(1_200, Piece),
        audience: &[Residents, City, Pes],
        area: SHIPPING,
        fit: Fit::Form(LegalForm::Wtz),
    },
    Template {
        title: "Stroiki świąteczne i wieńce adwentowe",
        category: "rekodzielo/upominki",
        description: "Stroiki na stół i drzwi, wieńce adwentowe i dekoracje wielkanocne z naturalnych materiałów: gałązek, szyszek, suszonych owoców i wstążek.",
        price: P::Gross(7_000, Piece),
        audience: &[Residents, City],
        area: TORUN_AROUND,
        fit: Fit::Form(LegalForm::RuralWomenCircle),
    },
    Template {
        title: "Usługi opiekuńcze w domu seniora",
        category: "opieka/seniorzy",
        description: "Opiekunki pomagają w codziennych czynnościach: higienie, przygotowaniu posiłków, zakupach i wizytach u lekarza. Świadczymy usługi także na zlecenie Miejskiego Ośrodka Pomocy Rodzinie.",
        price: P::Gross(4_200, Hour),
        audience: &[City, Residents],
        area: TORUN,
        fit: Fit::Area(Area::Seniors),
    },
    Template {
        title: "Asystent osoby z niepełnosprawnością",
        category: "opieka/asystencja",
        description: "Asystent towarzyszy w dojazdach do pracy, szkoły i urzędów, pomaga w zakupach i w udziale w zajęciach kulturalnych. Dobieramy asystenta do potrzeb osoby, także ze znacznym stopniem niepełnosprawności.",
        price: P::Gross(4_000, Hour),
        audience: &[City, Residents],
        area: TORUN,
        fit: Fit::Area(Area::Disability),
    },
    Template {
        title: "Organizacja festynów osiedlowych i pikników rodzinnych",
        category: "kultura/wydarzenia",
        description: "Zajmujemy się całym wydarzeniem: programem, animacjami dla dzieci, sceną i nagłośnieniem, stoiskami organizacji i zgłoszeniem imprezy. Mamy doświadczenie w festynach na Rubinkowie, Skarpie i Bielanach.",
        price: P::Negotiable,
        audience: &[City, Pes],
        area: TORUN,
        fit: Fit::Area(Area::Culture),
    },
    Template {
        title: "Koncert chóru na uroczystości",
        category: "kultura/wystepy",
        description: "Chór wystąpi na jubileuszu, uroczystości szkolnej, spotkaniu wigilijnym lub festynie. W repertuarze są pieśni patriotyczne, kolędy, piosenki biesiadne i ludowe z Kujaw.",
        price: P::Gross(80_000, Service),
        audience: &[City, Pes, Residents],
        area: TORUN_COUNTY,
        fit: Fit::Area(Area::Culture),
    },
    Template {
        title: "Półkolonie letnie i zimowe dla dzieci",
        category: "edukacja/zajecia-dla-dzieci",
        description: "Tygodniowe półkolonie dla dzieci w wieku 7–12 lat: wycieczki po Toruniu, zajęcia plastyczne i sportowe, ciepły obiad. Opiekę zapewniają wychowawcy z kwalifikacjami; grupy liczą do 15 dzieci.",
        price: P::Gross(45_000, Person),
        audience: &[Residents, City],
        area: TORUN,
        fit: Fit::Area(Area::ChildrenYouth),
    },
    Template {
        title: "Warsztaty fotograficzne i filmowe dla młodzieży",
        category: "edukacja/zajecia-dla-dzieci",
        description: "Cykl ośmiu spotkań, na których młodzież uczy się fotografii, montażu krótkich filmów i opowiadania historii obrazem. Na koniec uczestnicy pokazują swoje prace rodzicom i szkole.",
        price: P::Gross(32_000, Person),
        audience: &[City, Residents],
        area: TORUN,
        fit: Fit::Area(Area::ChildrenYouth),
    },
    Template {
        title: "Wycieczki rowerowe z przewodnikiem po Toruniu i okolicach",
        category: "turystyka/wycieczki",
        description: "Trasy od 15 do 40 km: toruńska Starówka i forty, dolina Drwęcy, Barbarka i Puszcza Bydgoska. Przewodnik dba o bezpieczeństwo grupy; rowery można wypożyczyć u nas.",
        price: P::Gross(4_000, Person),
        audience: &[Residents, Pes, City],
        area: TORUN_COUNTY,
        fit: Fit::Area(Area::Sport),
    },
];

/// States of the default offers other than "published", by position in [`DEFAULT`]. Two more
/// are made pending by [`mark_pending`].
const DEFAULT_STATES: &[(usize, RecordState)] = &[
    (2, RecordState::Draft),
    (3, RecordState::Archived),
    (26, RecordState::Archived),
    (34, RecordState::Draft),
];

/// How many default offers wait for staff.
const DEFAULT_PENDING: usize = 2;

/// More texts for the scaled demo.
const EXTRA: &[Template] = &[
    Template {
        title: "Warsztaty terapii zajęciowej dla grup zorganizowanych",
        category: "rehabilitacja/terapia-zajeciowa",
        description: "Zapraszamy klasy szkolne, grupy seniorów i pracowników firm na warsztaty w naszych pracowniach: ceramicznej, plastycznej i stolarskiej. Zajęcia prowadzą terapeuci razem z uczestnikami warsztatu.",
        price: P::Gross(2_500, Person),
        audience: &[City, Pes, Residents],
        area: TORUN,
        fit: Fit::Area(Area::Disability),
    },
    Template {
        title: "Masaż i fizjoterapia dla seniorów",
        category: "rehabilitacja/fizjoterapia",
        description: "Masaż leczniczy, ćwiczenia usprawniające i zabiegi fizykoterapii w gabinecie albo w domu pacjenta. Seniorom z Kartą Seniora dajemy zniżkę.",
        price: P::Gross(9_000, Hour),
        audience: &[Residents],
        area: TORUN,
        fit: Fit::Area(Area::Health),
    },
    Template {
        title: "Przewóz osób z niepełnosprawnościami busem z windą",
        category: "transport/przewoz-osob",
        description: "Bus z windą i mocowaniami dla dwóch wózków dowiezie na zajęcia, do lekarza lub na wycieczkę. Kierowca pomaga przy wsiadaniu i wysiadaniu.",
        price: P::Gross(6_000, Hour),
        audience: &[Residents, City, Pes],
        area: TORUN_COUNTY,
        fit: Fit::Area(Area::Disability),
    },
    Template {
        title: "Zakładanie łąk kwietnych i ogrodów deszczowych",
        category: "ogrodnicze/zakladanie-ogrodow",
        description: "Projektujemy i zakładamy łąki kwietne, ogrody deszczowe i rabaty z roślin miododajnych przy szkołach, urzędach i blokach. Doradzamy, jak o nie dbać.",
        price: P::Negotiable,
        audience: &[City, Residents],
        area: TORUN_COUNTY,
        fit: Fit::Area(Area::Environment),
    },
    Template {
        title: "Sadzonki ziół i bylin",
        category: "ogrodnicze/rosliny",
        description: "Zioła, byliny i rośliny miododajne z naszej szklarni, wyhodowane przez uczestników pracowni ogrodniczej. Sprzedajemy je wiosną i jesienią, także hurtowo dla szkół i osiedli.",
        price: P::Gross(900, Piece),
        audience: &[Residents, City],
        area: TORUN,
        fit: Fit::Area(Area::Environment),
    },
    Template {
        title: "Projekt plakatu, ulotki i zaproszenia",
        category: "poligrafia/projektowanie",
        description: "Zaprojektujemy plakat, ulotkę, zaproszenie lub post do mediów społecznościowych na wydarzenie, zgodnie z zasadami dostępności: czytelny krój, kontrast i tekst alternatywny.",
        price: P::Gross(35_000, Service),
        audience: &[Pes, City],
        area: SHIPPING,
        fit: Fit::Area(Area::Culture),
    },
    Template {
        title: "Druk i kserowanie dla organizacji",
        category: "poligrafia/druk",
        description: "Drukujemy i kserujemy materiały szkoleniowe, sprawozdania i ulotki w czerni i w kolorze, do formatu A3. Organizacjom pozarządowym dajemy zniżkę.",
        price: P::Gross(30, Piece),
        audience: &[Pes, Residents],
        area: TORUN,
        fit: Fit::Area(Area::LocalDevelopment),
    },
    Template {
        title: "Kurs języka polskiego dla cudzoziemców",
        category: "edukacja/jezyki",
        description: "Zajęcia w małych grupach na poziomach od A1 do B1, z naciskiem na sprawy codzienne: urząd, lekarz, praca i szkoła dzieci. Lektorzy mają doświadczenie w nauczaniu dorosłych.",
        price: P::Gross(2_500, Hour),
        audience: &[Residents, City],
        area: TORUN,
        fit: Fit::Area(Area::Education),
    },
    Template {
        title: "Opieka nad dziećmi podczas konferencji i wydarzeń",
        category: "opieka/dzieci",
        description: "Animatorki zajmą się dziećmi uczestników konferencji, zebrań i festynów: zabawy, zajęcia plastyczne i czytanie książek w osobnej sali.",
        price: P::Gross(3_500, Hour),
        audience: &[City, Pes],
        area: TORUN,
        fit: Fit::Area(Area::ChildrenYouth),
    },
    Template {
        title: "Doradztwo zawodowe i warsztaty pisania CV",
        category: "edukacja/szkolenia",
        description: "Indywidualne spotkania z doradcą zawodowym i warsztaty dla grup: jak napisać CV i list motywacyjny, jak przygotować się do rozmowy o pracę.",
        price: P::Gross(8_000, Hour),
        audience: &[City, Pes, Residents],
        area: TORUN_COUNTY,
        fit: Fit::Area(Area::LabourMarket),
    },
    Template {
        title: "Wynajem sali gimnastycznej i sprzętu sportowego",
        category: "kultura/sale",
        description: "Sala gimnastyczna z szatniami na zajęcia sportowe, turnieje i imprezy szkolne. Wypożyczamy też sprzęt: piłki, siatki, materace i namiot na festyn.",
        price: P::Gross(9_000, Hour),
        audience: &[City, Pes, Residents],
        area: TORUN,
        fit: Fit::Area(Area::Sport),
    },
    Template {
        title: "Pokoje gościnne dla grup",
        category: "turystyka/noclegi",
        description: "Pokoje dwu- i czteroosobowe z łazienkami dla grup szkolnych, sportowych i uczestników szkoleń. Na miejscu kuchnia i świetlica.",
        price: P::Gross(8_000, Day),
        audience: &[Pes, City, Residents],
        area: TORUN,
        fit: Fit::Area(Area::Sport),
    },
    Template {
        title: "Zajęcia ruchowe i warsztaty komputerowe dla seniorów",
        category: "edukacja/szkolenia",
        description: "Gimnastyka, nordic walking i zajęcia z obsługi smartfona i komputera w małych grupach, dwa razy w tygodniu.",
        price: P::Gross(2_000, Person),
        audience: &[Residents, City],
        area: TORUN,
        fit: Fit::Area(Area::Seniors),
    },
    Template {
        title: "Wynajem sali na spotkania i zebrania",
        category: "kultura/sale",
        description: "Sala na 30 osób z krzesłami, stołami i rzutnikiem, dostępna wieczorami i w weekendy — na zebrania wspólnot, spotkania organizacji i szkolenia.",
        price: P::Gross(5_000, Hour),
        audience: &[Pes, Residents, City],
        area: TORUN,
        fit: Fit::Any,
    },
    Template {
        title: "Warsztaty integracyjne dla zespołów",
        category: "edukacja/szkolenia",
        description: "Warsztaty dla zespołów firm i instytucji połączone z poznaniem działalności organizacji i wspólną pracą na rzecz jej podopiecznych.",
        price: P::Gross(12_000, Hour),
        audience: &[City, Pes],
        area: TORUN,
        fit: Fit::Any,
    },
    Template {
        title: "Szkolenie z pierwszej pomocy",
        category: "edukacja/szkolenia",
        description: "Czterogodzinne szkolenie z pierwszej pomocy dla pracowników, nauczycieli i wolontariuszy, z ćwiczeniami na fantomach i obsługą defibrylatora AED.",
        price: P::Gross(9_000, Person),
        audience: &[City, Pes, Residents],
        area: TORUN_COUNTY,
        fit: Fit::Area(Area::Health),
    },
    Template {
        title: "Warsztaty profilaktyczne dla uczniów",
        category: "edukacja/zajecia-dla-dzieci",
        description: "Warsztaty dla klas szkół podstawowych i średnich o uzależnieniach od alkoholu, narkotyków i ekranów, prowadzone metodami aktywnymi przez terapeutów.",
        price: P::Gross(40_000, Service),
        audience: &[City],
        area: TORUN_COUNTY,
        fit: Fit::Area(Area::Addiction),
    },
    Template {
        title: "Moderowanie konsultacji społecznych i spotkań z mieszkańcami",
        category: "edukacja/szkolenia",
        description: "Przygotujemy i poprowadzimy konsultacje społeczne, spacery badawcze i spotkania z mieszkańcami osiedla, a potem napiszemy raport z wnioskami.",
        price: P::Negotiable,
        audience: &[City, Pes],
        area: REGION,
        fit: Fit::Area(Area::LocalDevelopment),
    },
    Template {
        title: "Korepetycje z matematyki i języka angielskiego",
        category: "edukacja/zajecia-dla-dzieci",
        description: "Zajęcia indywidualne i w małych grupach dla uczniów szkół podstawowych i średnich, także przygotowanie do egzaminu ósmoklasisty i matury.",
        price: P::Gross(6_000, Hour),
        audience: &[Residents],
        area: TORUN,
        fit: Fit::Area(Area::Education),
    },
    Template {
        title: "Paczki świąteczne przygotowane przez podopiecznych",
        category: "rekodzielo/upominki",
        description: "Paczki świąteczne dla pracowników i kontrahentów z rękodziełem, piernikami i przetworami, skompletowane i zapakowane przez podopiecznych organizacji.",
        price: P::Gross(12_000, Piece),
        audience: &[City, Pes],
        area: SHIPPING,
        fit: Fit::Area(Area::SocialAssistance),
    },
    Template {
        title: "Organizacja wolontariatu pracowniczego dla firm",
        category: "kultura/wydarzenia",
        description: "Przygotujemy dzień wolontariatu dla zespołu firmy lub instytucji: prace na rzecz podopiecznych, remont świetlicy albo sprzątanie terenu, z podsumowaniem i zdjęciami.",
        price: P::Negotiable,
        audience: &[City, Pes],
        area: TORUN,
        fit: Fit::Any,
    },
    Template {
        title: "Zajęcia animacyjne na festynach i piknikach",
        category: "kultura/wydarzenia",
        description: "Gry, zabawy ruchowe, malowanie twarzy i warsztaty plastyczne dla dzieci na festynach, piknikach rodzinnych i dniach otwartych.",
        price: P::Gross(30_000, Service),
        audience: &[City, Pes, Residents],
        area: TORUN_COUNTY,
        fit: Fit::Any,
    },
    Template {
        title: "Prelekcje i lekcje dla szkół o pracy organizacji",
        category: "edukacja/zajecia-dla-dzieci",
        description: "Prowadzimy lekcje i prelekcje dla uczniów o tym, jak działa organizacja społeczna, jak zostać wolontariuszem i jak pomagać mądrze.",
        price: P::Negotiable,
        audience: &[City],
        area: TORUN,
        fit: Fit::Any,
    },
];

// Timestamps (UTC seconds).
const DAY: i64 = 86_400;
/// 2013-03-01: the first offers of the original platform.
const FIRST: Timestamp = 1_362_096_000;
/// 2025-12-31.
const LAST: Timestamp = 1_767_139_200;

/// The demo offers of `orgs` (as stored, with their ids), written by the organisations'
/// representatives among `users` where they have one. The default demo gets the 42 offers;
/// above [`super::DEFAULT_ORGANIZATIONS`] organisations every organisation gets about
/// [`OFFERS_PER_ORGANIZATION_AT_SCALE`].
pub fn offers(orgs: &[Organization], users: &[User], seed: u64) -> Vec<Offer> {
    // A stream of its own, so that offers never change the organisations or accounts of a seed.
    let mut rng = Rng::new(seed ^ 0x6f66_6572_7479_2121);
    let authors = representatives(users);
    let mut slugs = Slugs::default();
    if orgs.len() > super::DEFAULT_ORGANIZATIONS {
        return at_scale(orgs, &authors, &mut rng, &mut slugs);
    }
    let mut load: HashMap<OrgId, usize> = HashMap::new();
    let mut out = Vec::with_capacity(DEFAULT_OFFERS);
    for (i, template) in DEFAULT.iter().enumerate() {
        // Organisations whose main area it is come first ("Catering" for a cooperative that
        // cooks, rather than for a club that also runs a canteen).
        let strong: Vec<&Organization> =
            orgs.iter().filter(|o| fits_strongly(template, o)).collect();
        let candidates: Vec<&Organization> = if strong.is_empty() {
            orgs.iter().filter(|o| fits(template, o)).collect()
        } else {
            strong
        };
        let Some(least) = candidates
            .iter()
            .map(|o| load.get(&o.id).copied().unwrap_or(0))
            .min()
        else {
            continue;
        };
        let lightest: Vec<&&Organization> = candidates
            .iter()
            .filter(|o| load.get(&o.id).copied().unwrap_or(0) == least)
            .collect();
        let org = *lightest[rng.index(lightest.len())];
        *load.entry(org.id).or_default() += 1;
        let state = DEFAULT_STATES
            .iter()
            .find(|(at, _)| *at == i)
            .map_or(RecordState::Published, |(_, s)| *s);
        out.push(make(
            template, org, &authors, state, &mut rng, &mut slugs, None,
        ));
    }
    mark_pending(&mut out);
    out
}

/// The last published offers with an author (outside the demo account's organisation, whose
/// offers show the other states) wait for staff, so that the moderation queue has something to
/// decide and an author to e-mail.
fn mark_pending(offers: &mut [Offer]) {
    let first_org = offers.first().map(|o| o.organization);
    let mut left = DEFAULT_PENDING;
    for offer in offers.iter_mut().rev() {
        if left == 0 {
            break;
        }
        if offer.state == RecordState::Published
            && offer.author.is_some()
            && Some(offer.organization) != first_org
        {
            offer.state = RecordState::Pending;
            offer.published = None;
            left -= 1;
        }
    }
}

fn at_scale(
    orgs: &[Organization],
    authors: &HashMap<OrgId, UserId>,
    rng: &mut Rng,
    slugs: &mut Slugs,
) -> Vec<Offer> {
    let mut out = Vec::with_capacity(orgs.len() * OFFERS_PER_ORGANIZATION_AT_SCALE);
    for org in orgs {
        let fitting: Vec<&Template> = DEFAULT
            .iter()
            .chain(EXTRA)
            .filter(|t| !matches!(t.fit, Fit::Any) && fits(t, org))
            .collect();
        let general: Vec<&Template> = EXTRA.iter().filter(|t| matches!(t.fit, Fit::Any)).collect();
        let mut chosen: Vec<&Template> = Vec::new();
        for i in rng.distinct_indices(fitting.len(), OFFERS_PER_ORGANIZATION_AT_SCALE) {
            chosen.push(fitting[i]);
        }
        let missing = OFFERS_PER_ORGANIZATION_AT_SCALE - chosen.len();
        for i in rng.distinct_indices(general.len(), missing) {
            chosen.push(general[i]);
        }
        for template in chosen {
            let roll = rng.unit();
            let state = if roll < 0.90 {
                RecordState::Published
            } else if roll < 0.94 {
                RecordState::Draft
            } else if roll < 0.97 {
                RecordState::Pending
            } else {
                RecordState::Archived
            };
            let factor = 0.75 + rng.unit() * 0.5;
            out.push(make(
                template,
                org,
                authors,
                state,
                rng,
                slugs,
                Some(factor),
            ));
        }
    }
    out
}

fn fits(template: &Template, org: &Organization) -> bool {
    match template.fit {
        Fit::Brochure(i) => super::brochure_names().nth(i) == Some(org.name.as_str()),
        Fit::Area(area) => org.areas.contains(&area),
        Fit::Form(form) => org.legal_form == form,
        Fit::Any => true,
    }
}

/// Like [`fits`], but an area must be the organisation's main (first) area.
fn fits_strongly(template: &Template, org: &Organization) -> bool {
    match template.fit {
        Fit::Area(area) => org.areas.first() == Some(&area),
        _ => fits(template, org),
    }
}

/// The first representative of each organisation (accounts in id order).
fn representatives(users: &[User]) -> HashMap<OrgId, UserId> {
    let mut out = HashMap::new();
    for user in users.iter().filter(|u| u.role == Role::Pes) {
        for org in &user.organizations {
            out.entry(*org).or_insert(user.id);
        }
    }
    out
}

/// Slugs handed out so far: `slug`, `slug-2`, `slug-3` … for repeated titles.
#[derive(Default)]
struct Slugs {
    seen: HashMap<String, usize>,
}

impl Slugs {
    fn next(&mut self, title: &str) -> String {
        let base = slugify(title);
        let n = self.seen.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}-{n}") }
    }
}

/// A price scaled by `factor` and rounded to whole złoty (to 10 groszy below 10 zł).
fn scaled(grosze: i64, factor: f64) -> i64 {
    let value = (grosze as f64 * factor).round() as i64;
    let step = if value < 1_000 { 10 } else { 100 };
    ((value + step / 2) / step * step).max(step)
}

fn make(
    template: &Template,
    org: &Organization,
    authors: &HashMap<OrgId, UserId>,
    state: RecordState,
    rng: &mut Rng,
    slugs: &mut Slugs,
    factor: Option<f64>,
) -> Offer {
    let price = match (template.price, factor) {
        (P::Negotiable, _) => Price::Negotiable,
        (P::Gross(gross, unit), None) => Price::Fixed {
            gross,
            net: None,
            unit,
        },
        (P::GrossNet(gross, net, unit), None) => Price::Fixed {
            gross,
            net: Some(net),
            unit,
        },
        (P::Gross(gross, unit), Some(factor)) => Price::Fixed {
            gross: scaled(gross, factor),
            net: None,
            unit,
        },
        (P::GrossNet(template_gross, net, unit), Some(factor)) => {
            let gross = scaled(template_gross, factor);
            // Keep the template's VAT rate.
            let net = (gross as f64 * net as f64 / template_gross.max(1) as f64).round() as i64;
            Price::Fixed {
                gross,
                net: Some(net),
                unit,
            }
        }
    };
    let start = (org.created + 7 * DAY).clamp(FIRST, LAST);
    let created = start + rng.range(0, (LAST - start).max(0));
    let published = (state != RecordState::Draft && state != RecordState::Pending)
        .then(|| (created + rng.range(DAY / 4, 5 * DAY)).min(LAST));
    let updated = published
        .map(|p| (p + rng.range(0, 200 * DAY)).min(LAST))
        .unwrap_or(created);
    Offer {
        id: OfferId(0),
        slug: slugs.next(template.title),
        organization: org.id,
        title: template.title.to_string(),
        category: template.category.to_string(),
        description: template.description.to_string(),
        price,
        // In vocabulary order, as the form stores it.
        audience: Audience::ALL
            .iter()
            .copied()
            .filter(|a| template.audience.contains(a))
            .collect(),
        area_served: template.area.to_string(),
        photos: Vec::new(),
        state,
        published,
        rejection: None,
        created,
        updated,
        author: authors.get(&org.id).copied(),
        demo: true,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::demo::{DEFAULT_ORGANIZATIONS, DEFAULT_SEED, accounts, organizations};
    use crate::domain::offer_category;
    use crate::domain::offer_input::OfferInput;

    /// Organisations and accounts as the store gives them back: ids 1, 2, 3 …
    fn stored(count: usize) -> (Vec<Organization>, Vec<User>) {
        let mut orgs = organizations(count, DEFAULT_SEED);
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
    fn the_default_demo_has_the_42_offers_of_the_original_platform() {
        let (orgs, users) = stored(DEFAULT_ORGANIZATIONS);
        let offers = offers(&orgs, &users, DEFAULT_SEED);
        assert_eq!(offers.len(), DEFAULT_OFFERS);
        let count = |state| offers.iter().filter(|o| o.state == state).count();
        assert_eq!(count(RecordState::Published), 36);
        assert_eq!(count(RecordState::Draft), 2);
        assert_eq!(count(RecordState::Pending), 2);
        assert_eq!(count(RecordState::Archived), 2);
        for offer in offers.iter().filter(|o| o.state == RecordState::Pending) {
            assert!(offer.author.is_some(), "{}", offer.title);
            assert!(offer.published.is_none());
        }
        assert_eq!(offers, super::offers(&orgs, &users, DEFAULT_SEED));
    }

    #[test]
    fn the_demo_representative_has_offers_in_several_states() {
        let (orgs, users) = stored(DEFAULT_ORGANIZATIONS);
        let offers = offers(&orgs, &users, DEFAULT_SEED);
        let pes = users
            .iter()
            .find(|u| u.email == accounts::login(Role::Pes).email)
            .unwrap();
        let own: Vec<&Offer> = offers
            .iter()
            .filter(|o| pes.organizations.contains(&o.organization))
            .collect();
        assert!(own.len() >= 4, "{}", own.len());
        let states: HashSet<_> = own.iter().map(|o| format!("{:?}", o.state)).collect();
        assert!(states.len() >= 3, "{states:?}");
        assert!(
            own.iter()
                .filter(|o| o.organization == orgs[0].id)
                .all(|o| o.author == Some(pes.id))
        );
    }

    #[test]
    fn every_offer_fits_its_organisation_and_passes_the_form_rules() {
        let (orgs, users) = stored(DEFAULT_ORGANIZATIONS);
        let offers = offers(&orgs, &users, DEFAULT_SEED);
        let mut slugs = HashSet::new();
        for offer in &offers {
            let org = orgs.iter().find(|o| o.id == offer.organization).unwrap();
            let template = DEFAULT.iter().find(|t| t.title == offer.title).unwrap();
            assert!(fits(template, org), "{} at {}", offer.title, org.name);
            assert!(
                offer_category::is_leaf(&offer.category),
                "{}",
                offer.category
            );
            assert!(slugs.insert(offer.slug.clone()), "{}", offer.slug);
            assert!(offer.demo);
            assert!(offer.created >= FIRST && offer.updated <= LAST);
            assert!(offer.published.is_none_or(|p| p >= offer.created));
            let mut copy = offer.clone();
            let errors = OfferInput::from_record(offer).apply(&mut copy);
            assert!(errors.is_empty(), "{}: {errors:?}", offer.title);
            assert_eq!(&copy, offer, "{}", offer.title);
        }
        let catering = offers
            .iter()
            .find(|o| o.title == "Catering na konferencje i szkolenia")
            .unwrap();
        let org = orgs.iter().find(|o| o.id == catering.organization).unwrap();
        assert!(org.areas.contains(&Area::Catering), "{}", org.name);
    }

    #[test]
    fn the_texts_are_tidy() {
        for t in DEFAULT.iter().chain(EXTRA) {
            assert!(offer_category::is_leaf(t.category), "{}", t.category);
            assert!(!t.audience.is_empty(), "{}", t.title);
            assert!(t.description.ends_with('.'), "{}", t.title);
            assert!(!t.description.contains("  "), "{}", t.title);
            assert!(t.title.chars().count() <= 120);
        }
    }

    #[test]
    fn a_scaled_demo_has_about_five_offers_per_organisation() {
        let (orgs, users) = stored(DEFAULT_ORGANIZATIONS + 92);
        let offers = offers(&orgs, &users, DEFAULT_SEED);
        assert_eq!(offers.len(), orgs.len() * OFFERS_PER_ORGANIZATION_AT_SCALE);
        let slugs: HashSet<_> = offers.iter().map(|o| o.slug.as_str()).collect();
        assert_eq!(slugs.len(), offers.len());
        let published = offers
            .iter()
            .filter(|o| o.state == RecordState::Published)
            .count();
        assert!(published * 10 > offers.len() * 8, "{published}");
        for offer in &offers {
            if let Price::Fixed { gross, net, .. } = offer.price {
                assert!(gross > 0);
                assert!(net.is_none_or(|n| n <= gross));
            }
        }
    }

    #[test]
    fn tiny_demos_skip_what_fits_nobody() {
        let (orgs, users) = stored(3);
        let offers = offers(&orgs, &users, DEFAULT_SEED);
        assert!(!offers.is_empty() && offers.len() < DEFAULT_OFFERS);
        assert!(
            offers
                .iter()
                .all(|o| orgs.iter().any(|g| g.id == o.organization))
        );
    }
}
