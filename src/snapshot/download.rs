//! A fresh snapshot handed out over HTTP (an administrator's download, the local command
//! channel, a replica's first pull): exported into the data directory's work folder, unlinked at
//! once, and streamed from the open file — nothing is left behind and nothing is held in memory.

use std::path::Path;

use super::{Scope, SnapshotError, export_to_file, no_progress};
use crate::store::Store;
use crate::web::http::{Response, StreamedFile};

/// Where temporary snapshot files are written, inside the data directory.
pub const WORK_DIR: &str = "tmp";

/// The file name a download of `scope` taken now is offered under.
pub fn download_name(scope: Scope, instance_label: &str) -> String {
    let now = crate::text::format::file_stamp(crate::domain::now());
    let kind = match scope {
        Scope::Full => "kopia",
        Scope::Public => "kopia-publiczna",
    };
    format!("pestor-{instance_label}-{kind}-{now}.pestor")
}

/// Exports `scope` now and returns it as a 200 download named `filename`.
pub fn fresh_snapshot_response(
    store: &Store,
    data_dir: &Path,
    scope: Scope,
    filename: &str,
) -> Result<Response, SnapshotError> {
    let dir = data_dir.join(WORK_DIR);
    std::fs::create_dir_all(&dir)
        .map_err(SnapshotError::io("nie można utworzyć katalogu roboczego"))?;
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|e| SnapshotError::Io {
        context: "losowa nazwa pliku",
        source: std::io::Error::other(e.to_string()),
    })?;
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let path = dir.join(format!("download-{hex}.pestor"));
    let exported = export_to_file(store, scope, &path, &no_progress);
    let opened = exported.and_then(|_| {
        StreamedFile::open(&path).map_err(SnapshotError::io("nie można otworzyć kopii"))
    });
    // The open handle keeps the contents readable; the name is not needed any more.
    let _ = std::fs::remove_file(&path);
    let file = opened?;
    Ok(Response::file(200, "application/octet-stream", file)
        .with_header(
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        )
        .with_header("Cache-Control", "no-store"))
}
