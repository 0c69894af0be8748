//! The `pestor` command: serve the platform, prepare an instance, or write demo data.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use pestor::config::{KioskConfig, ReplicaSource, ServeConfig};

/// PES-TOR — platforma współpracy gminy z podmiotami ekonomii społecznej.
///
/// Bez polecenia uruchamia serwer (`pestor serve`) z katalogiem danych ./pestor-data;
/// przy pierwszym starcie wypełnia go danymi demonstracyjnymi.
#[derive(Parser)]
#[command(
    name = "pestor",
    version,
    about,
    long_about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// Opcje serwera, gdy nie podano polecenia.
    #[command(flatten)]
    serve: ServeArgs,

    /// Katalog danych (baza pestor.redb); tworzony, jeśli nie istnieje.
    #[arg(
        long,
        global = true,
        env = "PESTOR_DATA",
        default_value = "./pestor-data"
    )]
    data: PathBuf,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Uruchamia serwer WWW (domyślne polecenie).
    Serve(ServeArgs),
    /// Zakłada nową, pustą instancję (bez danych demonstracyjnych).
    Init,
    /// Zapisuje wygenerowane dane demonstracyjne do pustego katalogu danych (np. do testów wydajności).
    Demo {
        /// Liczba organizacji do wygenerowania.
        #[arg(long, default_value_t = pestor::demo::DEFAULT_ORGANIZATIONS)]
        scale: usize,
    },
    /// Konta: zakłada konto (np. pierwszego administratora) albo wypisuje wszystkie konta.
    /// Działa, gdy serwer na tym katalogu danych nie jest uruchomiony.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Mapa ulic: wczytuje wyciąg OpenStreetMap (.osm.pbf) albo rastrowy plik MBTiles/PMTiles,
    /// pokazuje stan albo usuwa mapę. Działa, gdy serwer na tym katalogu danych nie jest
    /// uruchomiony.
    Map {
        #[command(subcommand)]
        command: MapCommand,
    },
    /// Kopie zapasowe: zapisuje, sprawdza albo przywraca kopię całej bazy.
    Snapshot {
        #[command(subcommand)]
        command: SnapshotCommand,
    },
    /// Kompaktuje plik bazy (oddaje miejsce po usuniętych danych). Wymaga zatrzymanego serwera.
    Compact,
}

#[derive(Subcommand)]
enum SnapshotCommand {
    /// Zapisuje pełną kopię zapasową (wszystkie dane, także zdjęcia i mapę) do jednego pliku.
    /// Gdy serwer działa na tym katalogu danych, kopię przygotowuje serwer.
    Export {
        /// Plik kopii albo katalog na nią (domyślnie bieżący katalog i nazwa
        /// pestor-<instancja>-kopia-<data>.pestor).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Sprawdza plik kopii (sumę kontrolną, budowę, liczby rekordów) i wypisuje, co zawiera.
    Verify {
        /// Plik kopii (.pestor).
        file: PathBuf,
    },
    /// Przywraca dane z pełnej kopii: buduje nowy plik bazy, sprawdza go i dopiero wtedy
    /// podmienia; poprzedni plik zostaje obok. Wymaga zatrzymanego serwera.
    Restore {
        /// Plik kopii (.pestor).
        file: PathBuf,
        /// Pozwala zastąpić dane innej instancji (gdy kopia pochodzi z innej instalacji).
        #[arg(long)]
        force_instance: bool,
    },
}

#[derive(Subcommand)]
enum MapCommand {
    /// Wczytuje mapę z pliku i zastępuje nią dotychczasową (rodzaj pliku rozpoznawany po
    /// zawartości). Uszkodzony albo obcy plik jest odrzucany, a obecna mapa zostaje.
    Import {
        /// Plik .osm.pbf (np. wycięty poleceniem osmium extract), .mbtiles albo .pmtiles.
        file: PathBuf,
    },
    /// Pokazuje, jaka mapa jest wczytana.
    Status,
    /// Usuwa wczytaną mapę ulic.
    Remove,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Zakłada aktywne konto z potwierdzonym adresem e-mail. Hasło: w terminalu program pyta
    /// o nie dwa razy (bez wyświetlania); w skrypcie czyta pierwszy wiersz standardowego wejścia.
    Add {
        /// Rola konta.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Adres e-mail, którym właściciel konta będzie się logować.
        #[arg(long)]
        email: String,
        /// Imię i nazwisko.
        #[arg(long)]
        name: String,
    },
    /// Wypisuje konta: adres e-mail, rolę i stan.
    List,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    /// administrator platformy (konta, ustawienia)
    Admin,
    /// pracownik urzędu (moderacja, dane miasta)
    Staff,
    /// przedstawiciel podmiotu ekonomii społecznej
    Pes,
    /// mieszkaniec albo firma
    Resident,
}

impl From<RoleArg> for pestor::domain::user::Role {
    fn from(role: RoleArg) -> Self {
        use pestor::domain::user::Role;
        match role {
            RoleArg::Admin => Role::Admin,
            RoleArg::Staff => Role::Staff,
            RoleArg::Pes => Role::Pes,
            RoleArg::Resident => Role::Resident,
        }
    }
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Adres i port nasłuchu; za odwrotnym proxy zostaw 127.0.0.1.
    #[arg(long, env = "PESTOR_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// Tryb deweloperski: szablony i zasoby czytane z dysku przy każdym żądaniu.
    #[arg(long)]
    dev: bool,
    /// Nie wypełniaj nowej bazy danymi demonstracyjnymi.
    #[arg(long)]
    no_demo: bool,
    /// Liczba wątków obsługujących żądania.
    #[arg(long, env = "PESTOR_WORKERS", default_value_t = 8)]
    workers: usize,
    /// Publiczny adres platformy do linków w e-mailach, np. https://pes.torun.pl
    /// (domyślnie http:// i adres nasłuchu).
    #[arg(long, env = "PESTOR_PUBLIC_URL", default_value = "")]
    public_url: String,
    /// Po ilu sekundach bezczynności zamykać połączenie.
    #[arg(long, env = "PESTOR_IDLE_TIMEOUT", default_value_t = 30)]
    idle_timeout: u64,
    /// Uruchamia kopię tylko do odczytu (np. kiosk w urzędzie), która pobiera dane z serwera
    /// miasta pod tym adresem, np. https://pes.torun.pl. Wymaga klucza (--token) i własnego,
    /// pustego katalogu danych.
    #[arg(long, value_name = "URL")]
    replica_of: Option<String>,
    /// Klucz repliki wydany w panelu serwera miasta (Panel → Repliki).
    #[arg(long, env = "PESTOR_REPLICA_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Co ile sekund replika pyta serwer miasta o zmiany.
    #[arg(long, value_name = "SEKUNDY", default_value_t = 30)]
    pull_every: u64,
    /// Tryb kiosku: strony na ekran dotykowy w urzędzie lub na targach — tylko do przeglądania,
    /// bez logowania i formularzy, z kodami QR zamiast linków na zewnątrz. Działa też z
    /// --replica-of.
    #[arg(long, env = "PESTOR_KIOSK")]
    kiosk: bool,
    /// Po ilu sekundach bez dotyku kiosk pyta „Czy ktoś tu jest?” i wraca do ekranu startowego.
    #[arg(
        long,
        env = "PESTOR_KIOSK_IDLE_SECS",
        value_name = "SEKUNDY",
        default_value_t = 90
    )]
    kiosk_idle_secs: u64,
    /// Publiczny adres serwera miasta, na który wskazują kody QR kiosku, np.
    /// https://pes.torun.pl (domyślnie adres serwera miasta repliki albo --public-url).
    #[arg(
        long,
        env = "PESTOR_KIOSK_PUBLIC_URL",
        value_name = "URL",
        default_value = ""
    )]
    kiosk_public_url: String,
    /// Z --kiosk: świeże dane demonstracyjne w katalogu tymczasowym przy każdym starcie,
    /// usuwanym przy zatrzymaniu (na targi; --data jest wtedy pomijane).
    #[arg(long, requires = "kiosk", conflicts_with_all = ["replica_of", "no_demo"])]
    demo: bool,
    /// Boxed: the backup settings are many, and `Command` holds `ServeArgs` by value.
    #[command(flatten)]
    backup: Box<BackupArgs>,
}

/// Kopie zapasowe według harmonogramu (README „Kopie zapasowe, przywracanie i repliki”).
#[derive(clap::Args)]
struct BackupArgs {
    /// Katalog kopii według harmonogramu (domyślnie podkatalog „kopie” katalogu danych).
    #[arg(long, env = "PESTOR_SNAPSHOT_DIR")]
    snapshot_dir: Option<PathBuf>,
    /// Co ile godzin robić kopię (także przy starcie, gdy ostatnia jest starsza, i przy
    /// zatrzymaniu serwera); 0 wyłącza kopie według harmonogramu.
    #[arg(long, env = "PESTOR_SNAPSHOT_INTERVAL", default_value_t = 6)]
    snapshot_interval: u64,
    /// Ile ostatnich dni zachowuje swoją najnowszą kopię.
    #[arg(long, env = "PESTOR_KEEP_DAILY", default_value_t = 7)]
    keep_daily: u32,
    /// Ile ostatnich tygodni (poniedziałek–niedziela) zachowuje swoją najnowszą kopię.
    #[arg(long, env = "PESTOR_KEEP_WEEKLY", default_value_t = 4)]
    keep_weekly: u32,
    /// Kompaktuj bazę po kopii, gdy jej plik urósł ponad tyle procent rozmiaru ze startu albo
    /// z ostatniego kompaktowania; 0 — nigdy.
    #[arg(long, env = "PESTOR_COMPACT_GROWTH", default_value_t = 200)]
    compact_growth: u32,
    /// Wysyłaj każdą kopię żądaniem PUT pod ten adres (nazwa pliku jest dopisywana na końcu).
    #[arg(long, env = "PESTOR_PUSH_URL")]
    push_url: Option<String>,
    /// Token do nagłówka „Authorization: Bearer” przy wysyłaniu kopii (lepiej w zmiennej
    /// PESTOR_PUSH_TOKEN niż w wierszu polecenia).
    #[arg(long, env = "PESTOR_PUSH_TOKEN", hide_env_values = true)]
    push_token: Option<String>,
    /// Wysyłaj każdą kopię do magazynu zgodnego z S3 pod tym adresem, np. http://minio.lan:9000.
    /// Tajny klucz tylko w zmiennej PESTOR_S3_SECRET_KEY.
    #[arg(long, env = "PESTOR_S3_ENDPOINT")]
    s3_endpoint: Option<String>,
    /// Nazwa zasobnika (bucket) S3.
    #[arg(long, env = "PESTOR_S3_BUCKET", default_value = "")]
    s3_bucket: String,
    /// Region S3 (MinIO przyjmuje us-east-1).
    #[arg(long, env = "PESTOR_S3_REGION", default_value = "us-east-1")]
    s3_region: String,
    /// Identyfikator klucza dostępu S3.
    #[arg(long, env = "PESTOR_S3_ACCESS_KEY_ID", default_value = "")]
    s3_access_key_id: String,
    /// Adresy w stylu ścieżki (adres/zasobnik/plik) zamiast nazwy zasobnika w nazwie hosta —
    /// zwykle potrzebne dla MinIO i serwera podanego adresem IP.
    #[arg(long, env = "PESTOR_S3_PATH_STYLE")]
    s3_path_style: bool,
    /// Przedrostek nazw obiektów w zasobniku, np. „pestor/torun”.
    #[arg(long, env = "PESTOR_S3_PREFIX", default_value = "")]
    s3_prefix: String,
}

impl BackupArgs {
    /// The settings, with the S3 secret key from the environment only. `test_hooks` lets tests
    /// count the interval in seconds (`PESTOR_SNAPSHOT_INTERVAL_SECS`) and wait less between
    /// push attempts.
    fn into_config(
        self: Box<Self>,
        data_dir: &std::path::Path,
        test_hooks: bool,
    ) -> Result<pestor::config::BackupConfig, String> {
        use pestor::config::{BackupConfig, PushTarget, S3Target};
        let mut config = BackupConfig::defaults(data_dir);
        if let Some(dir) = self.snapshot_dir {
            config.dir = dir;
        }
        config.interval = std::time::Duration::from_secs(
            self.snapshot_interval
                .min(pestor::config::MAX_SNAPSHOT_INTERVAL_HOURS + 1)
                * 3600,
        );
        let test_seconds = std::env::var("PESTOR_SNAPSHOT_INTERVAL_SECS")
            .ok()
            .filter(|_| test_hooks)
            .and_then(|v| v.parse::<u64>().ok());
        if let Some(seconds) = test_seconds {
            config.interval = std::time::Duration::from_secs(seconds);
            config.push_retry_wait = std::time::Duration::from_millis(200);
        }
        config.keep_daily = self.keep_daily;
        config.keep_weekly = self.keep_weekly;
        config.compact_growth_percent = self.compact_growth;
        let put = self.push_url.filter(|u| !u.trim().is_empty());
        let s3 = self.s3_endpoint.filter(|u| !u.trim().is_empty());
        config.push = match (put, s3) {
            (Some(_), Some(_)) => {
                return Err(
                    "podaj jedno miejsce wysyłania kopii: --push-url albo --s3-endpoint, nie oba"
                        .to_string(),
                );
            }
            (Some(url), None) => Some(PushTarget::Put {
                url: url.trim().trim_end_matches('/').to_string(),
                token: self.push_token.unwrap_or_default().trim().to_string(),
            }),
            (None, Some(endpoint)) => Some(PushTarget::S3(S3Target {
                endpoint: endpoint.trim().to_string(),
                bucket: self.s3_bucket.trim().to_string(),
                region: self.s3_region.trim().to_string(),
                access_key_id: self.s3_access_key_id.trim().to_string(),
                secret_key: std::env::var("PESTOR_S3_SECRET_KEY").unwrap_or_default(),
                path_style: self.s3_path_style,
                prefix: self.s3_prefix.trim_matches('/').to_string(),
            })),
            (None, None) => None,
        };
        Ok(config)
    }
}

/// A command whose output goes into a pipe that closes early (`pestor snapshot verify F | head`)
/// should end quietly, as other command-line tools do, not report a failed print. The server
/// keeps ignoring the signal: a client closing its connection must not stop it.
fn end_quietly_on_closed_output() {
    // SAFETY: restores the default action of one signal before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
    if !matches!(cli.command, None | Some(Command::Serve(_))) {
        end_quietly_on_closed_output();
    }
    let result = match cli.command {
        None => serve(cli.data, cli.serve),
        Some(Command::Serve(args)) => serve(cli.data, args),
        Some(Command::Init) => pestor::commands::init(&cli.data),
        Some(Command::Demo { scale }) => pestor::commands::write_demo(&cli.data, scale),
        Some(Command::User {
            command: UserCommand::Add { role, email, name },
        }) => pestor::commands::user_add(&cli.data, role.into(), &email, &name),
        Some(Command::User {
            command: UserCommand::List,
        }) => pestor::commands::user_list(&cli.data),
        Some(Command::Map { command }) => match command {
            MapCommand::Import { file } => pestor::commands::map_import(&cli.data, &file),
            MapCommand::Status => pestor::commands::map_status(&cli.data),
            MapCommand::Remove => pestor::commands::map_remove(&cli.data),
        },
        Some(Command::Snapshot { command }) => match command {
            SnapshotCommand::Export { out } => {
                pestor::commands::snapshot_export(&cli.data, out.as_deref())
            }
            SnapshotCommand::Verify { file } => pestor::commands::snapshot_verify(&file),
            SnapshotCommand::Restore {
                file,
                force_instance,
            } => pestor::commands::snapshot_restore(&cli.data, &file, force_instance),
        },
        Some(Command::Compact) => pestor::commands::compact(&cli.data),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("pestor: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(data_dir: PathBuf, args: ServeArgs) -> Result<(), String> {
    if args.kiosk && args.demo {
        let demo_dir = pestor::commands::kiosk_demo::TemporaryDataDir::create()?;
        println!(
            "Tryb kiosku na danych demonstracyjnych: świeże dane w katalogu tymczasowym {}, usuwanym przy zatrzymaniu serwera.",
            demo_dir.path().display()
        );
        let result = serve_in(demo_dir.path().to_path_buf(), args);
        demo_dir.remove();
        return result;
    }
    serve_in(data_dir, args)
}

fn serve_in(data_dir: PathBuf, args: ServeArgs) -> Result<(), String> {
    let test_hooks = std::env::var("PESTOR_TEST_HOOKS").is_ok_and(|v| v == "1");
    let backup = args.backup.into_config(&data_dir, test_hooks)?;
    let replica = match (args.replica_of, args.token) {
        (Some(url), Some(token)) => Some(ReplicaSource {
            url: url.trim_end_matches('/').to_string(),
            token: token.trim().to_string(),
            pull_every: std::time::Duration::from_secs(args.pull_every),
        }),
        (Some(_), None) => {
            return Err(
                "replika potrzebuje klucza: podaj --token (albo zmienną PESTOR_REPLICA_TOKEN) z panelu serwera miasta (Panel → Repliki)"
                    .to_string(),
            );
        }
        (None, _) => None,
    };
    let config = ServeConfig {
        addr: args.addr,
        data_dir,
        dev: args.dev,
        seed_demo: !args.no_demo,
        workers: args.workers,
        idle_timeout_secs: args.idle_timeout,
        public_url: args.public_url.trim_end_matches('/').to_string(),
        test_hooks,
        backup,
        replica,
        kiosk: args.kiosk.then(|| KioskConfig {
            idle_secs: args.kiosk_idle_secs,
            public_url: args
                .kiosk_public_url
                .trim()
                .trim_end_matches('/')
                .to_string(),
            demo: args.demo,
        }),
    };
    config.validate()?;
    pestor::commands::serve(config)
}
