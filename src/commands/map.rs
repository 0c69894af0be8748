//! `pestor map import|status|remove`: the street-level map from the command line.
//!
//! Like every command these open the database themselves. redb lets one process open it, so
//! while the server runs on the same data directory the command explains the three steps
//! (stop the server, import, start it again) instead of failing with a bare lock error.

use std::path::Path;

use crate::map::import::{self, ImportError};
use crate::map::street::StreetMap;
use crate::store::{Store, StoreError};
use crate::text::format;

/// Opens the store for a map command, with a clear message when the server holds it.
fn open(data_dir: &Path, action: &str) -> Result<Store, String> {
    let store = match Store::open(data_dir) {
        Ok(store) => store,
        Err(StoreError::Locked { path }) => {
            return Err(format!(
                "baza {} jest otwarta przez działający serwer pestor, a {action} wymaga \
                 wyłącznego dostępu do niej. Zrób to w trzech krokach: 1) zatrzymaj serwer \
                 (Ctrl+C w jego oknie albo „systemctl stop pestor”), 2) uruchom ponownie to \
                 polecenie, 3) uruchom serwer — pokaże nową mapę od razu. Obecna mapa nie \
                 została zmieniona.",
                path.display()
            ));
        }
        Err(e) => return Err(e.to_string()),
    };
    if !store.is_initialised().map_err(|e| e.to_string())? {
        return Err(format!(
            "katalog {} nie zawiera zainicjowanej instancji; najpierw uruchom „pestor init --data {}” \
             albo raz uruchom serwer",
            data_dir.display(),
            data_dir.display()
        ));
    }
    Ok(store)
}

/// `pestor map import FILE`.
pub fn map_import(data_dir: &Path, file: &Path) -> Result<(), String> {
    if !file.is_file() {
        return Err(format!(
            "nie ma pliku {} — podaj ścieżkę do wyciągu .osm.pbf albo pliku MBTiles/PMTiles",
            file.display()
        ));
    }
    let store = open(data_dir, "wczytanie mapy")?;
    let summary = import::import_file(&store, file).map_err(|e| refusal(&e, file))?;
    let map = StreetMap::new(summary.info);
    println!("Wczytano mapę z pliku {}.", file.display());
    println!("  {}", map.description());
    println!("  {}", area(&map));
    println!(
        "  zapisano {} w {} s; plik bazy ma teraz {}",
        size(summary.written),
        decimal(summary.duration.as_secs_f64(), 1),
        size(
            std::fs::metadata(store.path())
                .map(|m| m.len())
                .unwrap_or(0)
        )
    );
    println!("Uruchom serwer („pestor serve”), aby mapa była widoczna na stronach.");
    Ok(())
}

fn refusal(error: &ImportError, file: &Path) -> String {
    format!(
        "nie wczytano mapy z pliku {}: {error}. Obecna mapa nie została zmieniona.",
        file.display()
    )
}

/// A number with a decimal comma, as Polish writes it.
fn decimal(value: f64, places: usize) -> String {
    format!("{value:.places$}")
        .replace('.', ",")
        .replace('-', "−")
}

/// "obszar: szerokość 52,9600…53,0700°, długość 18,4700…18,7700°".
fn area(map: &StreetMap) -> String {
    let (w, s, e, n) = map.bounds();
    format!(
        "obszar: szerokość geograficzna {}…{}°, długość {}…{}°",
        decimal(s, 4),
        decimal(n, 4),
        decimal(w, 4),
        decimal(e, 4)
    )
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", decimal(bytes as f64 / (1024.0 * 1024.0), 1))
    } else {
        format!("{} kB", format::integer(bytes.div_ceil(1024) as i64))
    }
}

/// `pestor map status`.
pub fn map_status(data_dir: &Path) -> Result<(), String> {
    let store = open(data_dir, "odczyt stanu mapy")?;
    match StreetMap::load(&store).map_err(|e| e.to_string())? {
        Some(map) => {
            println!("{}", map.description());
            println!("  {}", area(&map));
            let info = map.info();
            if !info.producer.is_empty() {
                println!("  źródło w pliku: {}", info.producer);
            }
        }
        None => println!(
            "Nie wczytano mapy ulic; mapa kończy się na zbliżeniu 12. Wczytaj wyciąg \
             OpenStreetMap: pestor map import plik.osm.pbf"
        ),
    }
    Ok(())
}

/// `pestor map remove`.
pub fn map_remove(data_dir: &Path) -> Result<(), String> {
    let store = open(data_dir, "usunięcie mapy")?;
    if store.remove_map().map_err(|e| e.to_string())? {
        println!("Usunięto mapę ulic; mapa kończy się teraz na zbliżeniu 12.");
    } else {
        println!("Nie było wczytanej mapy ulic; nic nie zmieniono.");
    }
    Ok(())
}
