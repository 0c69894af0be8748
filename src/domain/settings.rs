//! Site settings: the gmina's identity and the texts of the legal pages. Stored in the database
//! (admins edit them); the defaults describe Toruń.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Shown in the header and page titles, e.g. "Gmina Miasta Toruń".
    pub gmina_name: String,
    /// The office that runs the platform.
    pub operator_name: String,
    pub operator_address: String,
    pub operator_email: String,
    pub operator_phone: String,
    #[serde(default)]
    pub accessibility: AccessibilityDeclaration,
    #[serde(default)]
    pub privacy: PrivacyNotice,
}

/// Fields of the Polish accessibility declaration template (ustawa z 4 kwietnia 2019 r.).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessibilityDeclaration {
    pub published: jiff::civil::Date,
    pub updated: jiff::civil::Date,
    /// When the declaration was last reviewed (data sporządzenia / przeglądu).
    pub reviewed: jiff::civil::Date,
    /// "zgodna" / "częściowo zgodna" / "niezgodna".
    pub status: String,
    pub non_accessible_content: String,
    pub contact_person: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub architectural: String,
}

/// The information duty of RODO art. 13.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrivacyNotice {
    pub controller: String,
    pub dpo_contact: String,
    pub purposes: String,
    pub retention: String,
    pub rights: String,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            gmina_name: "Gmina Miasta Toruń".to_string(),
            operator_name: "Urząd Miasta Torunia, Wydział Społeczno-Gospodarczy".to_string(),
            operator_address: "ul. Wały gen. Sikorskiego 8, 87-100 Toruń".to_string(),
            operator_email: "pes@torun.example".to_string(),
            operator_phone: "56 611 80 00".to_string(),
            accessibility: AccessibilityDeclaration::default(),
            privacy: PrivacyNotice::default(),
        }
    }
}

impl Default for AccessibilityDeclaration {
    fn default() -> AccessibilityDeclaration {
        AccessibilityDeclaration {
            published: jiff::civil::date(2026, 11, 27),
            updated: jiff::civil::date(2026, 11, 27),
            reviewed: jiff::civil::date(2026, 11, 27),
            status: "częściowo zgodna".to_string(),
            non_accessible_content: "Niektóre dokumenty dołączane przez organizacje (np. skany statutów) mogą nie być dostępne cyfrowo. Mapa interaktywna ma zawsze odpowiednik w postaci listy.".to_string(),
            contact_person: "Koordynator do spraw dostępności".to_string(),
            contact_email: "dostepnosc@torun.example".to_string(),
            contact_phone: "56 611 80 00".to_string(),
            architectural: "Urząd Miasta Torunia, ul. Wały gen. Sikorskiego 8: wejście od ul. Wały gen. Sikorskiego z podjazdem dla wózków, winda na wszystkie piętra, toaleta dostosowana na parterze. Do budynku można wejść z psem asystującym. W biurze obsługi interesantów jest pętla indukcyjna i możliwość skorzystania z tłumacza języka migowego online.".to_string(),
        }
    }
}

impl Default for PrivacyNotice {
    fn default() -> PrivacyNotice {
        PrivacyNotice {
            controller: "Administratorem danych osobowych jest Prezydent Miasta Torunia, ul. Wały gen. Sikorskiego 8, 87-100 Toruń.".to_string(),
            dpo_contact: "Z inspektorem ochrony danych można się skontaktować pod adresem iod@torun.example.".to_string(),
            purposes: "Dane przetwarzamy, aby prowadzić publiczną bazę podmiotów ekonomii społecznej i umożliwić współpracę gminy z tymi podmiotami (art. 6 ust. 1 lit. e RODO), a w przypadku kont użytkowników — na podstawie zgody i regulaminu platformy (art. 6 ust. 1 lit. a i b RODO).".to_string(),
            retention: "Dane konta przechowujemy do czasu jego usunięcia. Wpisy w publicznych rejestrach pozostają po usunięciu konta w postaci zanonimizowanej.".to_string(),
            rights: "Masz prawo dostępu do swoich danych, ich sprostowania, usunięcia lub ograniczenia przetwarzania, prawo do przenoszenia danych, prawo sprzeciwu oraz prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych.".to_string(),
        }
    }
}
