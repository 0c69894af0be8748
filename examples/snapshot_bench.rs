//! Snapshot benchmark (BENCHMARKS.md): export and restore speed on a data directory, and the
//! longest time a writer waits for a commit while an export runs, against the same writer
//! without an export.
//!
//!     cargo run --release --example snapshot_bench DATA_DIR     (bench/snapshot.sh prepares one)

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use pestor::snapshot::{self, Scope, no_progress};
use pestor::store::Store;

fn main() -> Result<(), String> {
    let data = std::env::args()
        .nth(1)
        .ok_or("usage: snapshot_bench DATA_DIR")?;
    let store = Arc::new(Store::open(std::path::Path::new(&data)).map_err(|e| e.to_string())?);
    let db_size = file_size(store.path());
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;

    // The writer alone, for as long as an export takes, then the writer during exports.
    let file = work.path().join("full.pestor");
    let started = Instant::now();
    let summary = snapshot::export_to_file(&store, Scope::Full, &file, &no_progress)
        .map_err(|e| e.to_string())?;
    let export_time = started.elapsed();
    let quiet = write_latencies(&store, || {
        std::thread::sleep(export_time.max(Duration::from_secs(2)))
    });
    let busy = write_latencies(&store, || {
        for round in 0..3 {
            let path = work.path().join(format!("busy-{round}.pestor"));
            snapshot::export_to_file(&store, Scope::Full, &path, &no_progress).expect("export");
        }
    });

    let started = Instant::now();
    let report = snapshot::verify(&file, &no_progress).map_err(|e| e.to_string())?;
    let verify_time = started.elapsed();

    let restored = work.path().join("restored");
    let started = Instant::now();
    snapshot::restore(
        &file,
        &restored,
        snapshot::RestoreOptions::default(),
        &|_, _, _| {},
    )
    .map_err(|e| e.to_string())?;
    let restore_time = started.elapsed();

    let public = work.path().join("public.pestor");
    let started = Instant::now();
    let public_summary = snapshot::export_to_file(&store, Scope::Public, &public, &no_progress)
        .map_err(|e| e.to_string())?;
    let public_time = started.elapsed();

    let mb = |bytes: u64| bytes as f64 / 1_000_000.0;
    let rate = |bytes: u64, time: Duration| mb(bytes) / time.as_secs_f64();
    println!(
        "database file: {:.1} MB, {} records",
        mb(db_size),
        report.header.total_entries()
    );
    println!("| step | time | data | speed |");
    println!("|---|---|---|---|");
    println!(
        "| export (full) | {:.2} s | {:.1} MB of records → {:.1} MB file | {:.0} MB/s of records, {:.0} MB/s of database file |",
        export_time.as_secs_f64(),
        mb(summary.raw_bytes),
        mb(summary.bytes),
        rate(summary.raw_bytes, export_time),
        rate(db_size, export_time)
    );
    println!(
        "| export (public, for replicas) | {:.2} s | {:.1} MB file | {:.0} MB/s of records |",
        public_time.as_secs_f64(),
        mb(public_summary.bytes),
        rate(public_summary.raw_bytes, public_time)
    );
    println!(
        "| verify | {:.2} s | {:.1} MB file | {:.0} MB/s of records |",
        verify_time.as_secs_f64(),
        mb(report.bytes),
        rate(report.raw_bytes, verify_time)
    );
    println!(
        "| restore (verify, load, check, swap) | {:.2} s | {:.1} MB of records → {:.1} MB database file | {:.0} MB/s of records, {:.0} MB/s of database file |",
        restore_time.as_secs_f64(),
        mb(report.raw_bytes),
        mb(file_size(&restored.join(pestor::store::DATABASE_FILE))),
        rate(report.raw_bytes, restore_time),
        rate(
            file_size(&restored.join(pestor::store::DATABASE_FILE)),
            restore_time
        )
    );
    println!();
    println!(
        "| small writes (settings + changelog, one commit each) | commits | median | p99 | longest |"
    );
    println!("|---|---|---|---|---|");
    for (label, mut times) in [
        ("without an export", quiet),
        ("during 3 full exports", busy),
    ] {
        times.sort();
        let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
        println!(
            "| {label} | {} | {:.2} ms | {:.2} ms | {:.2} ms |",
            times.len(),
            at(0.5).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3,
            times.last().copied().unwrap_or_default().as_secs_f64() * 1e3
        );
    }
    Ok(())
}

/// Commit times of a writer that saves the settings in a loop while `during` runs.
fn write_latencies(store: &Arc<Store>, during: impl FnOnce()) -> Vec<Duration> {
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (store, stop) = (store.clone(), stop.clone());
        std::thread::spawn(move || {
            let settings = store.settings().expect("settings");
            let mut times = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                store.save_settings(&settings, None).expect("write");
                times.push(started.elapsed());
            }
            times
        })
    };
    during();
    stop.store(true, Ordering::Relaxed);
    writer.join().expect("writer")
}

fn file_size(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}
