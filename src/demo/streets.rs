//! Streets of Toruń with their osiedle and an approximate point on each.
//!
//! Osiedla are the city's official parts (its 2005 division into 24 osiedla). A coordinate is
//! a point on the named street inside the named osiedle, good to roughly a hundred metres;
//! points near the Vistula were chosen on the landward side, so that the jitter added per
//! record never lands in the river. Long streets appear once per osiedle they cross.

/// Which bank of the Vistula an osiedle lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bank {
    /// Right (north, Chełmno Land) bank: the Old Town and most of the city.
    Right,
    /// Left (south, Kuyavian) bank: Podgórz, Stawki, Rudak and their neighbours.
    Left,
}

/// An osiedle with the grammatical forms the names and descriptions need.
#[derive(Debug)]
pub struct District {
    pub name: &'static str,
    /// "Stowarzyszenie Przyjaciół …" (dopełniacz).
    pub genitive: &'static str,
    /// "… działa …" (miejscownik with its preposition).
    pub locative: &'static str,
    /// Checked against the course of the Vistula by the tests.
    #[cfg_attr(not(test), allow(dead_code))]
    pub bank: Bank,
    /// Detached, partly rural osiedla where a koło gospodyń wiejskich is at home.
    pub rural: bool,
}

macro_rules! districts {
    ($($id:ident = $name:literal, $gen:literal, $loc:literal, $bank:ident, $rural:literal;)+) => {
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum D { $($id,)+ }

        pub const DISTRICTS: &[District] = &[
            $(District { name: $name, genitive: $gen, locative: $loc, bank: Bank::$bank, rural: $rural },)+
        ];
    };
}

districts! {
    StareMiasto = "Stare Miasto", "Starego Miasta", "na Starym Mieście", Right, false;
    Bydgoskie = "Bydgoskie Przedmieście", "Bydgoskiego Przedmieścia", "na Bydgoskim Przedmieściu", Right, false;
    Chelminskie = "Chełmińskie Przedmieście", "Chełmińskiego Przedmieścia", "na Chełmińskim Przedmieściu", Right, false;
    Jakubskie = "Jakubskie Przedmieście", "Jakubskiego Przedmieścia", "na Jakubskim Przedmieściu", Right, false;
    Mokre = "Mokre", "Mokrego", "na Mokrem", Right, false;
    Rubinkowo = "Rubinkowo", "Rubinkowa", "na Rubinkowie", Right, false;
    NaSkarpie = "Na Skarpie", "osiedla Na Skarpie", "na Skarpie", Right, false;
    Koniuchy = "Koniuchy", "Koniuch", "na Koniuchach", Right, false;
    Wrzosy = "Wrzosy", "Wrzosów", "na Wrzosach", Right, false;
    Bielany = "Bielany", "Bielan", "na Bielanach", Right, false;
    Bielawy = "Bielawy", "Bielaw", "na Bielawach", Right, true;
    Grebocin = "Grębocin nad Strugą", "Grębocina nad Strugą", "w Grębocinie nad Strugą", Right, true;
    Katarzynka = "Katarzynka", "Katarzynki", "na Katarzynce", Right, true;
    Kaszczorek = "Kaszczorek", "Kaszczorka", "w Kaszczorku", Right, true;
    Rybaki = "Rybaki", "Rybaków", "na Rybakach", Right, false;
    Barbarka = "Barbarka", "Barbarki", "na Barbarce", Right, true;
    Podgorz = "Podgórz", "Podgórza", "na Podgórzu", Left, false;
    Stawki = "Stawki", "Stawek", "na Stawkach", Left, false;
    Rudak = "Rudak", "Rudaka", "na Rudaku", Left, false;
    Piaski = "Piaski", "Piasków", "na Piaskach", Left, true;
    Czerniewice = "Czerniewice", "Czerniewic", "w Czerniewicach", Left, true;
    Glinki = "Glinki", "Glinek", "na Glinkach", Left, true;
}

impl District {
    /// Puts this osiedle's grammatical forms into a text: `{gen}` (dopełniacz) and `{loc}`
    /// (miejscownik with its preposition).
    pub fn fill(&self, text: &str) -> String {
        if text.contains('{') {
            text.replace("{gen}", self.genitive)
                .replace("{loc}", self.locative)
        } else {
            text.to_string()
        }
    }
}

impl D {
    pub fn info(self) -> &'static District {
        &DISTRICTS[self as usize]
    }
}

/// A street (with its prefix, as written in an address) inside one osiedle.
#[derive(Debug)]
pub struct Street {
    pub name: &'static str,
    pub district: D,
    pub lat: f64,
    pub lon: f64,
    /// Highest house number to draw.
    pub max_number: u16,
    /// Radius of the random offset in metres: small in the dense Old Town.
    pub jitter_m: f64,
}

const fn st(name: &'static str, district: D, lat: f64, lon: f64, max_number: u16) -> Street {
    Street {
        name,
        district,
        lat,
        lon,
        max_number,
        jitter_m: 80.0,
    }
}

const fn old(name: &'static str, lat: f64, lon: f64, max_number: u16) -> Street {
    Street {
        name,
        district: D::StareMiasto,
        lat,
        lon,
        max_number,
        jitter_m: 40.0,
    }
}

use D::*;

pub const STREETS: &[Street] = &[
    // Stare Miasto: the Old and New Town inside the former walls, and the 19th-century
    // Przedmieście św. Katarzyny north-east of them.
    old("Rynek Staromiejski", 53.0104, 18.6046, 36),
    old("Rynek Nowomiejski", 53.0114, 18.6112, 31),
    old("ul. Szeroka", 53.0102, 18.6072, 52),
    old("ul. Chełmińska", 53.0117, 18.6026, 30),
    old("ul. Królowej Jadwigi", 53.0104, 18.6100, 24),
    old("ul. Piekary", 53.0109, 18.6016, 50),
    old("ul. Łazienna", 53.0111, 18.6036, 26),
    old("ul. Różana", 53.0112, 18.6008, 8),
    old("ul. Prosta", 53.0113, 18.6082, 32),
    old("ul. Szczytna", 53.0118, 18.6070, 22),
    old("ul. Podmurna", 53.0122, 18.6060, 74),
    old("ul. Franciszkańska", 53.0115, 18.6053, 24),
    old("ul. Jęczmienna", 53.0124, 18.6098, 26),
    old("ul. Małe Garbary", 53.0116, 18.6122, 15),
    old("ul. Żeglarska", 53.0106, 18.6058, 30),
    old("Wały gen. Sikorskiego", 53.0137, 18.6062, 40),
    old("ul. Fosa Staromiejska", 53.0126, 18.6006, 26),
    old("pl. Teatralny", 53.0138, 18.6035, 7),
    st("ul. Warszawska", StareMiasto, 53.0132, 18.6160, 18),
    st("ul. Piastowska", StareMiasto, 53.0142, 18.6140, 12),
    st("ul. Szumana", StareMiasto, 53.0136, 18.6190, 14),
    st("ul. Dąbrowskiego", StareMiasto, 53.0145, 18.6115, 34),
    st("ul. Gregorkiewicza", StareMiasto, 53.0139, 18.6122, 12),
    st("ul. Dobrzyńska", StareMiasto, 53.0147, 18.6185, 14),
    st("ul. Skrzyńskiego", StareMiasto, 53.0135, 18.6176, 9),
    st("ul. Poniatowskiego", StareMiasto, 53.0149, 18.6152, 16),
    // Bydgoskie Przedmieście: villas and tenements west of the Old Town.
    st("ul. Bydgoska", Bydgoskie, 53.0140, 18.5840, 96),
    st("ul. Mickiewicza", Bydgoskie, 53.0155, 18.5870, 150),
    st("ul. Słowackiego", Bydgoskie, 53.0166, 18.5905, 120),
    st("ul. Kraszewskiego", Bydgoskie, 53.0180, 18.5880, 40),
    st("ul. Matejki", Bydgoskie, 53.0170, 18.5850, 70),
    st("ul. Chopina", Bydgoskie, 53.0160, 18.5960, 60),
    st("ul. Moniuszki", Bydgoskie, 53.0188, 18.5930, 30),
    st("ul. Krasińskiego", Bydgoskie, 53.0196, 18.5875, 80),
    // Rybaki: on the terrace above the winter harbour.
    Street {
        name: "ul. Rybaki",
        district: Rybaki,
        lat: 53.0122,
        lon: 18.5835,
        max_number: 60,
        jitter_m: 50.0,
    },
    // Bielany: the university campus and the hospital.
    st("ul. Gagarina", Bielany, 53.0205, 18.5690, 160),
    st("ul. św. Józefa", Bielany, 53.0265, 18.5770, 70),
    // Chełmińskie Przedmieście.
    st("ul. Szosa Chełmińska", Chelminskie, 53.0210, 18.5975, 120),
    st("ul. Batorego", Chelminskie, 53.0230, 18.6010, 90),
    st("ul. Podgórna", Chelminskie, 53.0175, 18.6020, 60),
    st("ul. Mikołaja z Ryńska", Chelminskie, 53.0195, 18.6050, 12),
    // Mokre.
    st("ul. Grudziądzka", Mokre, 53.0260, 18.6120, 160),
    st("ul. Legionów", Mokre, 53.0235, 18.6140, 120),
    st("ul. Kościuszki", Mokre, 53.0200, 18.6260, 90),
    st("ul. Polna", Mokre, 53.0310, 18.6180, 140),
    st("ul. Wojska Polskiego", Mokre, 53.0240, 18.6270, 70),
    st("ul. Bażyńskich", Mokre, 53.0225, 18.6180, 40),
    st("ul. Równinna", Mokre, 53.0280, 18.6300, 30),
    st("ul. Żwirki i Wigury", Mokre, 53.0270, 18.6350, 90),
    st("ul. Skłodowskiej-Curie", Mokre, 53.0240, 18.6400, 90),
    st("ul. Kociewska", Mokre, 53.0345, 18.6240, 40),
    st("ul. Stalowa", Mokre, 53.0300, 18.6360, 30),
    // Jakubskie Przedmieście.
    st("ul. Lubicka", Jakubskie, 53.0135, 18.6330, 70),
    st("ul. Targowa", Jakubskie, 53.0128, 18.6250, 40),
    st("ul. Żółkiewskiego", Jakubskie, 53.0132, 18.6300, 50),
    // Rubinkowo.
    st("ul. Rydygiera", Rubinkowo, 53.0230, 18.6510, 40),
    st("ul. Dziewulskiego", Rubinkowo, 53.0260, 18.6620, 50),
    st("ul. Łyskowskiego", Rubinkowo, 53.0230, 18.6700, 40),
    st("ul. Piskorskiej", Rubinkowo, 53.0275, 18.6680, 30),
    st("ul. Niesiołowskiego", Rubinkowo, 53.0215, 18.6590, 20),
    st("ul. Szosa Lubicka", Rubinkowo, 53.0195, 18.6700, 120),
    // Na Skarpie: the estate on the Vistula escarpment.
    st("ul. Konstytucji 3 Maja", NaSkarpie, 53.0170, 18.6720, 60),
    st("ul. Suleckiego", NaSkarpie, 53.0162, 18.6800, 20),
    st("ul. Stokrotkowa", NaSkarpie, 53.0152, 18.6760, 30),
    st("ul. Storczykowa", NaSkarpie, 53.0157, 18.6830, 20),
    // The east: Kaszczorek, Bielawy, Grębocin nad Strugą.
    st("ul. Turystyczna", Kaszczorek, 53.0185, 18.6990, 200),
    st("ul. Turystyczna", Kaszczorek, 53.0215, 18.7120, 200),
    st("ul. Szosa Lubicka", Bielawy, 53.0265, 18.6950, 200),
    st("ul. Olsztyńska", Grebocin, 53.0420, 18.6850, 120),
    // The north: Koniuchy, Katarzynka, Wrzosy, Barbarka.
    st("ul. Grudziądzka", Koniuchy, 53.0385, 18.6120, 160),
    st("ul. Grudziądzka", Katarzynka, 53.0520, 18.6180, 200),
    st("ul. Szosa Chełmińska", Wrzosy, 53.0380, 18.5860, 220),
    st("ul. Olimpijska", Wrzosy, 53.0440, 18.5780, 40),
    st("ul. Ugory", Wrzosy, 53.0400, 18.5950, 90),
    st("ul. Przysiecka", Barbarka, 53.0580, 18.5450, 20),
    // Left bank: Podgórz and Glinki along ul. Poznańska.
    st("ul. Poznańska", Podgorz, 52.9905, 18.5830, 140),
    st("ul. Rogowska", Podgorz, 52.9880, 18.5780, 40),
    st("ul. Parkowa", Podgorz, 52.9915, 18.5790, 30),
    st("ul. Poznańska", Glinki, 52.9760, 18.5590, 300),
    st("ul. Gniewkowska", Glinki, 52.9800, 18.5640, 60),
    st("ul. Nieszawska", Glinki, 52.9740, 18.5500, 30),
    // Stawki, Piaski, Rudak, Czerniewice.
    st("ul. gen. Andersa", Stawki, 52.9880, 18.6250, 20),
    st("ul. gen. Kniaziewicza", Stawki, 52.9940, 18.6200, 40),
    st("ul. gen. Woyczyńskiego", Stawki, 52.9930, 18.6270, 20),
    st("ul. Łódzka", Stawki, 52.9860, 18.6350, 120),
    st("ul. Stara Droga", Piaski, 52.9800, 18.6400, 60),
    st("ul. Rudacka", Rudak, 52.9950, 18.6550, 40),
    st("ul. Lipnowska", Rudak, 52.9960, 18.6420, 60),
    st("ul. Włocławska", Rudak, 52.9930, 18.6500, 150),
    st("ul. Włocławska", Czerniewice, 52.9800, 18.6780, 300),
];

/// Streets in the osiedla where a rural women's circle (KGW) would plausibly meet.
pub fn rural_streets() -> Vec<&'static Street> {
    STREETS.iter().filter(|s| s.district.info().rural).collect()
}

/// Metres per degree of latitude, and of longitude at Toruń's latitude.
pub const M_PER_DEG_LAT: f64 = 111_250.0;
pub const M_PER_DEG_LON: f64 = 66_950.0;

/// The listed street of that name in that osiedle.
pub fn find(name: &str, district: D) -> Option<&'static Street> {
    STREETS
        .iter()
        .find(|s| s.name == name && s.district == district)
}
