//! Site settings: the gmina's identity and the texts of the legal pages. Stored in the database
//! (admins edit them); the defaults describe Toruń.

use serde::{Deserialize, Serialize};

use super::premises_rent::RentRules;
use super::vocabulary::vocabulary;

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
    /// Outgoing mail server; `None` until an admin configures one (messages then wait in the
    /// outbox, where admins can read them).
    #[serde(default)]
    pub smtp: Option<SmtpSettings>,
    /// Offers of PES representatives wait for staff approval before they are published.
    #[serde(default)]
    pub offers_premoderation: bool,
    /// The discounts on the rent of municipal premises (staff edit them at
    /// `/admin/lokale/stawki`); Toruń's practice until changed.
    #[serde(default = "RentRules::torun")]
    pub premises_rent: RentRules,
    /// The licence of the open data (`/dane`, the API).
    #[serde(default)]
    pub open_data_licence: OpenDataLicence,
}

vocabulary! {
    /// Licences the gmina may publish its open data under (the code is the form's value).
    OpenDataLicence {
        CcBy4 => "cc-by-4.0", "CC BY 4.0";
        CcBySa4 => "cc-by-sa-4.0", "CC BY-SA 4.0";
        Cc0 => "cc0-1.0", "CC0 1.0";
    }
}

impl Default for OpenDataLicence {
    /// Attribution only: what the Polish open-data guidelines recommend for public registers.
    fn default() -> OpenDataLicence {
        OpenDataLicence::CcBy4
    }
}

impl OpenDataLicence {
    /// The licence's full name.
    pub fn name(self) -> &'static str {
        match self {
            OpenDataLicence::CcBy4 => "Creative Commons Uznanie autorstwa 4.0 Międzynarodowe",
            OpenDataLicence::CcBySa4 => {
                "Creative Commons Uznanie autorstwa – Na tych samych warunkach 4.0 Międzynarodowe"
            }
            OpenDataLicence::Cc0 => {
                "Creative Commons CC0 1.0 Powszechne – przekazanie do domeny publicznej"
            }
        }
    }

    /// The licence's official address.
    pub fn url(self) -> &'static str {
        match self {
            OpenDataLicence::CcBy4 => "https://creativecommons.org/licenses/by/4.0/",
            OpenDataLicence::CcBySa4 => "https://creativecommons.org/licenses/by-sa/4.0/",
            OpenDataLicence::Cc0 => "https://creativecommons.org/publicdomain/zero/1.0/",
        }
    }

    /// What a re-user must do, in one sentence.
    pub fn terms(self) -> &'static str {
        match self {
            OpenDataLicence::CcBy4 => {
                "Dane można kopiować, zmieniać i wykorzystywać w dowolnym celu, także komercyjnym, pod warunkiem podania źródła."
            }
            OpenDataLicence::CcBySa4 => {
                "Dane można kopiować, zmieniać i wykorzystywać w dowolnym celu, także komercyjnym, pod warunkiem podania źródła i udostępnienia utworów zależnych na tej samej licencji."
            }
            OpenDataLicence::Cc0 => {
                "Dane są w domenie publicznej: można je wykorzystywać bez żadnych warunków; podanie źródła jest mile widziane."
            }
        }
    }
}

/// How to reach the SMTP server that delivers the platform's e-mail.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// Empty: the server needs no log-in.
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub password: String,
    /// The "From" address, e.g. "pes@torun.example".
    pub sender_address: String,
    /// The "From" name, e.g. "Platforma PES-TOR".
    #[serde(default)]
    pub sender_name: String,
}

/// Encryption of the connection to the SMTP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS, which is required (usually port 587).
    StartTls,
    /// TLS from the first byte (SMTPS, usually port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or network (usually port 25).
    None,
}

impl SmtpSecurity {
    /// The usual port for this kind of connection.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::None => 25,
        }
    }
}

/// Never prints the password (settings end up in logs and panic messages).
impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.user)
            .field(
                "password",
                &if self.password.is_empty() { "" } else { "***" },
            )
            .field("sender_address", &self.sender_address)
            .field("sender_name", &self.sender_name)
            .finish()
    }
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
            smtp: None,
            offers_premoderation: false,
            premises_rent: RentRules::torun(),
            open_data_licence: OpenDataLicence::default(),
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
