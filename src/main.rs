//! The `pestor` command: serve the platform, prepare an instance, or write demo data.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use pestor::config::{ReplicaSource, ServeConfig};

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
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
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
        test_hooks: std::env::var("PESTOR_TEST_HOOKS").is_ok_and(|v| v == "1"),
        replica,
    };
    config.validate()?;
    pestor::commands::serve(config)
}
