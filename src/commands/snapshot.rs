//! `pestor snapshot export|verify|restore` and `pestor compact`: backups and the database file
//! from the command line.
//!
//! redb lets one process open the database. While a server runs on the data directory, `export`
//! asks it for a snapshot over the local channel it describes in `control.json` (loopback
//! address and a bearer token, readable only by the server's user); `restore` and `compact`
//! need the file to themselves and say how to get there. Progress bars are drawn on standard
//! error only when it is a terminal.

use std::cell::RefCell;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::ProgressBar;

use crate::snapshot::{
    self, CONTROL_FILE, Control, Header, LOCAL_SNAPSHOT_PATH, RestoreOptions, Scope, SnapshotError,
    Stage, short_instance,
};
use crate::store::{DATABASE_FILE, Store, StoreError};
use crate::text::format;
use crate::text::plural::plural;

/// Everything the download may take, from connecting to the last byte.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60 * 60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// `pestor snapshot export [--out FILE]`.
pub fn snapshot_export(data_dir: &Path, out: Option<&Path>) -> Result<(), String> {
    require_database(data_dir)?;
    match Store::open(data_dir) {
        Ok(store) => export_local(&store, out),
        Err(StoreError::Locked { .. }) => export_from_server(data_dir, out),
        Err(e) => Err(e.to_string()),
    }
}

fn export_local(store: &Store, out: Option<&Path>) -> Result<(), String> {
    let meta = store.meta().map_err(|e| e.to_string())?.ok_or_else(|| {
        "baza nie ma jeszcze danych instancji — uruchom najpierw serwer albo „pestor init”"
            .to_string()
    })?;
    if store
        .replica_position()
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Err(REPLICA_DATA.to_string());
    }
    let target = target_path(out, Some(&meta.instance_id));
    check_target(&target)?;
    let bar = crate::text::progress::bar("eksport", 0);
    let started = Instant::now();
    let summary = snapshot::export_to_file(store, Scope::Full, &target, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .map_err(|e| format!("nie zapisano kopii {}: {e}", target.display()))?;
    bar.finish_and_clear();
    print_export_summary(
        &target,
        &summary.header,
        summary.bytes,
        summary.raw_bytes,
        started.elapsed(),
    );
    Ok(())
}

/// Where an export goes: `out`, a default name inside `out` when it is a directory, or a
/// default name in the current directory. Without a known instance the name is decided later.
fn target_path(out: Option<&Path>, instance: Option<&str>) -> PathBuf {
    let name = || {
        snapshot::download_name(
            Scope::Full,
            instance.map(short_instance).unwrap_or("pestor"),
        )
    };
    match out {
        Some(dir) if dir.is_dir() => dir.join(name()),
        Some(file) => file.to_path_buf(),
        None => PathBuf::from(name()),
    }
}

/// Reads `control.json`; the reason in Polish when it cannot be used.
fn read_control(data_dir: &Path) -> Result<Control, String> {
    let path = data_dir.join(CONTROL_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!(
                "serwer nie zostawił pliku {} (starsza wersja albo serwer uruchomiony inaczej)",
                path.display()
            ));
        }
        Err(e) => return Err(format!("nie można odczytać {}: {e}", path.display())),
    };
    let control: Control = serde_json::from_str(&text)
        .map_err(|e| format!("plik {} jest nieczytelny ({e})", path.display()))?;
    let local = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
    if !local.iter().any(|prefix| control.url.starts_with(prefix)) {
        return Err(format!(
            "plik {} wskazuje adres {}, a kopię pobiera się tylko z tego komputera",
            path.display(),
            control.url
        ));
    }
    if control.token.is_empty() || !control.token.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("plik {} nie ma poprawnego klucza", path.display()));
    }
    Ok(control)
}

/// Why a replica's data is not exported: it is a public copy without accounts, and a backup
/// made of it could not bring the platform back.
const REPLICA_DATA: &str = "ten katalog danych należy do repliki tylko do odczytu (kiosku): ma tylko \
     publiczną część danych, bez kont, więc kopia z niego nie odtworzy platformy. Kopie zapasowe \
     rób na serwerze miasta (pestor snapshot export tam albo strona /admin/kopie).";

/// A new snapshot never replaces a file, and its folder must exist.
fn check_target(target: &Path) -> Result<(), String> {
    if target.exists() {
        return Err(format!(
            "plik {} już istnieje — podaj inną nazwę (--out) albo usuń stary plik",
            target.display()
        ));
    }
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(format!(
            "katalog {} nie istnieje — utwórz go albo wskaż inny (--out)",
            folder.display()
        ));
    }
    Ok(())
}

/// The message when the server holds the data and cannot be asked for a snapshot.
fn server_holds_data(data_dir: &Path, reason: &str) -> String {
    format!(
        "baza w katalogu {} jest otwarta przez działający serwer pestor, a nie udało się poprosić \
         go o kopię: {reason}. Pobierz kopię jako administrator ze strony /admin/kopie albo \
         zatrzymaj serwer i uruchom to polecenie ponownie.",
        data_dir.display()
    )
}

/// `export` while a server holds the data: download a fresh snapshot from it, verify it, keep it.
fn export_from_server(data_dir: &Path, out: Option<&Path>) -> Result<(), String> {
    let control = read_control(data_dir).map_err(|reason| server_holds_data(data_dir, &reason))?;
    let started = Instant::now();
    let url = format!("{}{LOCAL_SNAPSHOT_PATH}", control.url.trim_end_matches('/'));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(DOWNLOAD_TIMEOUT))
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .get(&url)
        .header("Authorization", &format!("Bearer {}", control.token))
        .call()
        .map_err(|e| {
            server_holds_data(
                data_dir,
                &format!("serwer pod adresem {url} nie odpowiada ({e})"),
            )
        })?;
    let status = response.status().as_u16();
    let mut body = response.into_body();
    if status != 200 {
        let mut text = String::new();
        let _ = body
            .with_config()
            .limit(4096)
            .reader()
            .read_to_string(&mut text);
        return Err(refusal(data_dir, status, &text));
    }

    // A file name given: write next to it. A folder or nothing: the name depends on the
    // instance, known from the snapshot's header once it is here.
    let fixed_target = out.filter(|o| !o.is_dir()).map(Path::to_path_buf);
    if let Some(target) = &fixed_target {
        check_target(target)?;
    }
    let temporary = format!("pestor-kopia-pobierana-{}.pestor", std::process::id());
    let partial = match (&fixed_target, out) {
        (Some(target), _) => snapshot::partial_path(target),
        (None, Some(dir)) => snapshot::partial_path(&dir.join(temporary)),
        (None, None) => snapshot::partial_path(Path::new(&temporary)),
    };
    let downloaded = download(&mut body, &partial).and_then(|()| {
        let bar = crate::text::progress::bar("sprawdzanie", 0);
        let report = snapshot::verify(&partial, &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .map_err(|e| format!("kopia pobrana z serwera jest wadliwa: {e}; nie zapisano jej"));
        bar.finish_and_clear();
        report
    });
    let report = match downloaded {
        Ok(report) => report,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    let target = fixed_target.unwrap_or_else(|| target_path(out, Some(&report.header.instance_id)));
    if let Err(e) = check_target(&target) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    if let Err(e) = std::fs::rename(&partial, &target) {
        let _ = std::fs::remove_file(&partial);
        return Err(format!(
            "nie można zapisać kopii jako {}: {e}",
            target.display()
        ));
    }
    sync_parent(&target);
    print_export_summary(
        &target,
        &report.header,
        report.bytes,
        report.raw_bytes,
        started.elapsed(),
    );
    println!("  (kopię przygotował działający serwer: {})", control.url);
    Ok(())
}

/// Streams a response body into `path`, synced to disk.
fn download(body: &mut ureq::Body, path: &Path) -> Result<(), String> {
    let failed = |e: &dyn std::fmt::Display| {
        format!("pobieranie kopii do {} przerwane: {e}", path.display())
    };
    let bar = crate::text::progress::bar("pobieranie", body.content_length().unwrap_or(0));
    let mut file = snapshot::create_private(path).map_err(|e| failed(&e))?;
    let mut reader = body.as_reader();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(failed(&e)),
        };
        file.write_all(&buffer[..n]).map_err(|e| failed(&e))?;
        bar.inc(n as u64);
    }
    bar.finish_and_clear();
    file.sync_all().map_err(|e| failed(&e))
}

/// Why the running server did not hand out a snapshot, with its own words when it gave them.
fn refusal(data_dir: &Path, status: u16, body: &str) -> String {
    let said = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["error"].as_str().map(str::to_string))
        .unwrap_or_else(|| body.trim().chars().take(300).collect());
    if said.contains("tylko do odczytu") {
        return REPLICA_DATA.to_string();
    }
    let reason = match status {
        401 => format!(
            "serwer odrzucił klucz z pliku {CONTROL_FILE} (plik z innego uruchomienia serwera?)"
        ),
        _ => format!("serwer odpowiedział błędem {status}: {said}"),
    };
    server_holds_data(data_dir, &reason)
}

fn sync_parent(path: &Path) {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = std::fs::File::open(parent) {
        let _ = dir.sync_all();
    }
}

fn print_export_summary(
    path: &Path,
    header: &Header,
    bytes: u64,
    raw_bytes: u64,
    elapsed: Duration,
) {
    let secs = elapsed.as_secs_f64().max(0.001);
    let ratio = raw_bytes as f64 / bytes.max(1) as f64;
    println!("Zapisano kopię zapasową: {}", path.display());
    println!(
        "  rozmiar pliku: {} (dane przed kompresją: {}, kompresja {} : 1)",
        megabytes(bytes),
        megabytes(raw_bytes),
        decimal(ratio, 1)
    );
    println!("  zawartość: {}", records_in_tables(header));
    println!(
        "  czas: {} s ({} MB/s danych przed kompresją)",
        seconds(elapsed),
        decimal(raw_bytes as f64 / (1024.0 * 1024.0) / secs, 1)
    );
}

/// "12 345 rekordów w 44 tabelach".
fn records_in_tables(header: &Header) -> String {
    let records = header.total_entries();
    let tables = header.tables.len() as u64;
    format!(
        "{} {} w {} {}",
        format::integer(records as i64),
        plural(records, "rekord", "rekordy", "rekordów"),
        format::integer(tables as i64),
        plural(tables, "tabeli", "tabelach", "tabelach")
    )
}

/// `pestor snapshot verify FILE`.
pub fn snapshot_verify(file: &Path) -> Result<(), String> {
    let bar = crate::text::progress::bar("sprawdzanie", 0);
    let report = snapshot::verify(file, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let report = report.map_err(|e| match e {
        SnapshotError::Io { .. } => format!("nie można sprawdzić kopii {}: {e}", file.display()),
        SnapshotError::NewerFormat { .. } | SnapshotError::NewerSchema { .. } => format!(
            "kopii {} nie odczyta ta wersja programu: {e}",
            file.display()
        ),
        e => format!(
            "plik {} nie jest poprawną kopią zapasową: {e}",
            file.display()
        ),
    })?;
    let header = &report.header;
    println!("Kopia zapasowa jest poprawna: {}", file.display());
    let line = |label: &str, value: String| println!("  {:<26}{value}", format!("{label}:"));
    line("format pliku", format!("wersja {}", header.format));
    line("rodzaj kopii", header.scope.label().to_string());
    line("instancja", header.instance_id.clone());
    line("generacja danych", header.generation.to_string());
    line(
        "pozycja dziennika zmian",
        format::integer(header.changelog_position as i64),
    );
    line("utworzona", format::date_time(header.created));
    line("wersja programu", header.program_version.clone());
    line("wersja schematu bazy", header.schema_version.to_string());
    println!("  tabele i liczba rekordów:");
    let width = header
        .tables
        .iter()
        .map(|t| t.name.chars().count())
        .max()
        .unwrap_or(0);
    for table in &header.tables {
        println!(
            "    {:<width$}  {:>11}",
            table.name,
            format::integer(table.entries as i64)
        );
    }
    line("razem", records_in_tables(header));
    line("rozmiar pliku", megabytes(report.bytes));
    line("dane przed kompresją", megabytes(report.raw_bytes));
    Ok(())
}

/// `pestor snapshot restore FILE [--force-instance]`.
pub fn snapshot_restore(data_dir: &Path, file: &Path, force_instance: bool) -> Result<(), String> {
    let bars = StageBars::default();
    let restored = snapshot::restore(
        file,
        data_dir,
        RestoreOptions { force_instance },
        &|stage, done, total| bars.show(stage, done, total),
    );
    bars.finish();
    let restored = restored.map_err(|e| e.to_string())?;
    let header = &restored.header;
    println!(
        "Przywrócono dane z kopii {} (utworzonej {}, instancja {}…).",
        file.display(),
        format::date_time(header.created),
        short_instance(&header.instance_id)
    );
    println!("  baza: {}", restored.database.display());
    println!("  zawartość: {}", records_in_tables(header));
    println!(
        "  generacja danych: {} (repliki pobiorą dane od nowa)",
        restored.generation
    );
    match (&restored.previous, &restored.previous_unreadable) {
        (Some(previous), None) => println!(
            "  poprzedni plik bazy zachowano jako {} — usuń go, gdy upewnisz się, że wszystko \
             działa",
            previous.display()
        ),
        (Some(previous), Some(reason)) => println!(
            "  poprzedni plik nie był czytelną bazą ({reason}); zachowano go jako {}",
            previous.display()
        ),
        (None, _) => println!("  katalog danych nie miał wcześniej bazy"),
    }
    println!(
        "Uruchom serwer („systemctl start pestor” albo „pestor serve --data {}”) i sprawdź \
         stronę główną oraz logowanie.",
        data_dir.display()
    );
    Ok(())
}

/// One progress bar per stage of a restore, each replaced by the next.
#[derive(Default)]
struct StageBars {
    current: RefCell<Option<(Stage, ProgressBar)>>,
}

impl StageBars {
    fn show(&self, stage: Stage, done: u64, total: u64) {
        let mut current = self.current.borrow_mut();
        if current.as_ref().is_none_or(|(s, _)| *s != stage) {
            if let Some((_, bar)) = current.take() {
                bar.finish_and_clear();
            }
            *current = Some((stage, crate::text::progress::bar(stage.label(), total)));
        }
        if let Some((_, bar)) = current.as_ref() {
            bar.set_length(total);
            bar.set_position(done);
        }
    }

    fn finish(&self) {
        if let Some((_, bar)) = self.current.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }
}

/// `pestor compact`.
pub fn compact(data_dir: &Path) -> Result<(), String> {
    require_database(data_dir)?;
    let store = match Store::open(data_dir) {
        Ok(store) => store,
        Err(StoreError::Locked { path }) => {
            return Err(format!(
                "baza {} jest otwarta przez działający serwer pestor, a kompaktowanie wymaga \
                 wyłącznego dostępu do niej: zatrzymaj serwer (Ctrl+C w jego oknie albo \
                 „systemctl stop pestor”), uruchom ponownie „pestor compact” i uruchom serwer. \
                 Serwer może też kompaktować bazę sam po zaplanowanej kopii zapasowej, jeśli \
                 tak go skonfigurowano. Baza nie została zmieniona.",
                path.display()
            ));
        }
        Err(e) => return Err(e.to_string()),
    };
    let started = Instant::now();
    let done = store.compact().map_err(|e| e.to_string())?;
    let path = store.path().to_path_buf();
    drop(store);
    let freed = done.before.saturating_sub(done.after);
    println!("Skompaktowano bazę {}.", path.display());
    println!("  rozmiar przed: {}", megabytes(done.before));
    println!("  rozmiar po:    {}", megabytes(done.after));
    if freed > 0 {
        println!(
            "  odzyskano {} ({} %) w {} s",
            megabytes(freed),
            decimal(freed as f64 * 100.0 / done.before.max(1) as f64, 1),
            seconds(started.elapsed())
        );
    } else {
        println!("  plik nie miał wolnego miejsca do odzyskania");
    }
    Ok(())
}

/// Refuses a data directory without a database instead of creating an empty one.
fn require_database(data_dir: &Path) -> Result<(), String> {
    if data_dir.join(DATABASE_FILE).is_file() {
        Ok(())
    } else {
        Err(format!(
            "w katalogu {} nie ma bazy danych ({DATABASE_FILE}); wskaż właściwy katalog opcją \
             --data (albo zmienną PESTOR_DATA)",
            data_dir.display()
        ))
    }
}

/// A number with a decimal comma and grouped thousands, as Polish writes it.
fn decimal(value: f64, places: usize) -> String {
    let text = format!("{:.places$}", value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole = format::integer(whole.parse::<i64>().unwrap_or(0));
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole},{fraction}")
    }
}

/// A size in megabytes, "12,3 MB"; below 1 MB in kilobytes, "340 kB", so that it does not read 0.
fn megabytes(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        return format!("{} kB", format::integer(bytes.div_ceil(1024) as i64));
    }
    format!("{} MB", decimal(bytes as f64 / (1024.0 * 1024.0), 1))
}

/// Seconds with a decimal comma: two places for short times.
fn seconds(elapsed: Duration) -> String {
    let s = elapsed.as_secs_f64();
    decimal(s, if s < 10.0 { 2 } else { 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_numbers_are_written_the_polish_way() {
        assert_eq!(decimal(2.71, 1), "2,7");
        assert_eq!(decimal(1234.5, 1), "1\u{a0}234,5");
        assert_eq!(decimal(-2.5, 1), "−2,5");
        assert_eq!(decimal(7.0, 0), "7");
        assert_eq!(megabytes(0), "0 kB");
        assert_eq!(megabytes(300 * 1024 + 1), "301 kB");
        assert_eq!(megabytes(13 * 1024 * 1024 + 300 * 1024), "13,3 MB");
    }

    #[test]
    fn control_files_are_read_only_for_this_computer() {
        let dir = tempfile::tempdir().unwrap();
        let write = |text: &str| std::fs::write(dir.path().join(CONTROL_FILE), text).unwrap();
        assert!(
            read_control(dir.path())
                .unwrap_err()
                .contains("nie zostawił")
        );
        write(r#"{"url": "http://127.0.0.1:4000", "token": "ab12", "pid": 7}"#);
        let control = read_control(dir.path()).unwrap();
        assert_eq!(
            (control.url.as_str(), control.token.as_str()),
            ("http://127.0.0.1:4000", "ab12")
        );
        write(r#"{"url": "http://example.org:80", "token": "ab12"}"#);
        assert!(
            read_control(dir.path())
                .unwrap_err()
                .contains("tylko z tego komputera")
        );
        write(r#"{"url": "http://127.0.0.1:4000", "token": "ab\r\nX-Evil: 1"}"#);
        assert!(read_control(dir.path()).unwrap_err().contains("klucza"));
        write("{nie json");
        assert!(
            read_control(dir.path())
                .unwrap_err()
                .contains("nieczytelny")
        );
    }
}
