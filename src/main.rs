//! The `pestor` command: serve the platform, prepare an instance, or write demo data.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use pestor::config::ServeConfig;

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
    let config = ServeConfig {
        addr: args.addr,
        data_dir,
        dev: args.dev,
        seed_demo: !args.no_demo,
        workers: args.workers,
        idle_timeout_secs: args.idle_timeout,
        public_url: args.public_url.trim_end_matches('/').to_string(),
        test_hooks: std::env::var("PESTOR_TEST_HOOKS").is_ok_and(|v| v == "1"),
    };
    config.validate()?;
    pestor::commands::serve(config)
}
