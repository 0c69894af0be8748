//! `/admin/kopie`: backups for administrators — how the schedule went (last success and
//! failure, next snapshot, last push), its settings (read-only: they are the process's flags and
//! environment), the scheduled snapshots to download, "take a snapshot now", "download a fresh
//! snapshot", and how to restore.

use serde::Serialize;

use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::Timestamp;
use crate::snapshot::schedule::{Listed, Status};
use crate::snapshot::{Scope, Trigger, download_name, fresh_snapshot_response, retention};
use crate::text::format;
use crate::text::plural::plural;
use crate::web::http::{Response, StreamedFile};

/// A moment for the page: Polish text and the machine form for `<time datetime>`.
#[derive(Serialize)]
struct Moment {
    text: String,
    iso: String,
}

impl Moment {
    fn new(at: Timestamp) -> Moment {
        Moment {
            text: format::date_time(at),
            iso: format::rfc3339(at),
        }
    }
}

#[derive(Serialize)]
struct SuccessView {
    when: Moment,
    file: String,
    href: Option<String>,
    size: String,
    records: String,
    duration: String,
    trigger: &'static str,
}

#[derive(Serialize)]
struct FailureView {
    when: Moment,
    message: String,
    trigger: &'static str,
    /// The failure came after the last success: the schedule is in trouble now.
    current: bool,
}

#[derive(Serialize)]
struct PushView {
    when: Moment,
    file: String,
    ok: bool,
    attempts: String,
    error: Option<String>,
}

#[derive(Serialize)]
struct CompactionView {
    when: Moment,
    text: String,
    ok: bool,
}

#[derive(Serialize)]
struct SettingsView {
    dir: String,
    interval: String,
    enabled: bool,
    retention: String,
    compaction: String,
    push: Option<String>,
    database_size: String,
}

#[derive(Serialize)]
struct FileView {
    name: String,
    href: String,
    when: Moment,
    size: String,
}

#[derive(Serialize)]
struct PageView {
    csrf: String,
    notice: Option<String>,
    problem: Option<String>,
    success: Option<SuccessView>,
    failure: Option<FailureView>,
    next_due: Option<Moment>,
    push: Option<PushView>,
    pushing: Option<String>,
    compaction: Option<CompactionView>,
    settings: SettingsView,
    files: Vec<FileView>,
    files_caption: String,
}

/// `GET /admin/kopie[?kopia=NAZWA|blad]`
pub fn page(app: &App, ctx: &Ctx) -> PageResult {
    let status = app.backups.status();
    let (notice, problem) = match ctx.query.get("kopia") {
        Some("blad") => (
            None,
            Some(match &status.last_failure {
                Some(f) => format!("Nie udało się zrobić kopii: {}", f.message),
                None => "Nie udało się zrobić kopii.".to_string(),
            }),
        ),
        Some(name) if retention::parse_name(name).is_some() => (
            Some(format!(
                "Zrobiono kopię {name}.{}",
                if app.backups.config.push.is_some() {
                    " Za chwilę zostanie wysłana do miejsca docelowego."
                } else {
                    ""
                }
            )),
            None,
        ),
        _ => (None, None),
    };
    let listed = app.backups.list();
    let count = listed.len() as u64;
    let total: u64 = listed.iter().map(|l| l.bytes).sum();
    let files: Vec<FileView> = listed.into_iter().map(file_view).collect();
    let view = PageView {
        csrf: ctx.visitor.csrf_token(),
        notice,
        problem,
        success: success_view(app, &status),
        failure: failure_view(&status),
        next_due: status.next_due.map(Moment::new),
        push: status.last_push.as_ref().map(|p| PushView {
            when: Moment::new(p.at),
            file: p.file.clone(),
            ok: p.result.is_ok(),
            attempts: format!(
                "{} {}",
                p.attempts,
                plural(u64::from(p.attempts), "próba", "próby", "prób")
            ),
            error: p.result.as_ref().err().cloned(),
        }),
        pushing: status.pushing.clone(),
        compaction: status.last_compaction.as_ref().map(|c| CompactionView {
            when: Moment::new(c.at),
            ok: c.result.is_ok(),
            text: match &c.result {
                Ok((before, after)) => format!("z {} do {}", size(*before), size(*after)),
                Err(message) => message.clone(),
            },
        }),
        settings: settings_view(app),
        files_caption: format!(
            "{} {} w katalogu, razem {}",
            format::integer(count as i64),
            plural(count, "kopia", "kopie", "kopii"),
            size(total)
        ),
        files,
    };
    render(app, ctx, "admin/backups.html", "Kopie zapasowe", view)
}

/// `POST /admin/kopie/teraz`: a snapshot into the directory now, as the schedule takes them.
pub fn take_now(app: &App, ctx: &Ctx) -> PageResult {
    let admin = ctx.user()?;
    log::info!("kopia zapasowa na żądanie: {}", admin.email);
    let target = match app.backups.take(&app.store, Trigger::Admin) {
        Ok(success) => format!("/admin/kopie?kopia={}", success.file),
        Err(_) => "/admin/kopie?kopia=blad".to_string(),
    };
    Ok(Response::redirect(303, &target))
}

/// `POST /admin/kopie/swieza`: a fresh full snapshot as a download, written nowhere.
pub fn fresh(app: &App, ctx: &Ctx) -> PageResult {
    let admin = ctx.user()?;
    let filename = download_name(Scope::Full, &instance_label(app));
    log::info!(
        "pobranie świeżej kopii zapasowej: {} ({filename})",
        admin.email
    );
    fresh_snapshot_response(&app.store, &app.config.data_dir, Scope::Full, &filename)
        .map_err(|e| PageError::Internal(format!("świeża kopia do pobrania: {e}")))
}

/// `GET /admin/kopie/pliki/{plik}`: one scheduled snapshot, by its exact name only.
pub fn download(app: &App, ctx: &Ctx) -> PageResult {
    let name = ctx.param("plik");
    let path = app.backups.file(name).ok_or(PageError::NotFound)?;
    let file = StreamedFile::open(&path).map_err(|_| PageError::NotFound)?;
    Ok(Response::file(200, "application/octet-stream", file)
        .with_header(
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        )
        .with_header("Cache-Control", "no-store"))
}

/// A short ASCII name of the instance for download file names ("torun" for "Gmina Miasta
/// Toruń" would need a dictionary; the slug of the whole name is good enough).
pub(super) fn instance_label(app: &App) -> String {
    let slug = crate::domain::slug::slugify(&app.settings().gmina_name);
    if slug.is_empty() {
        "instancja".to_string()
    } else {
        slug.chars()
            .take(40)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string()
    }
}

fn success_view(app: &App, status: &Status) -> Option<SuccessView> {
    let s = status.last_success.as_ref()?;
    Some(SuccessView {
        when: Moment::new(s.at),
        href: app.backups.file(&s.file).map(|_| file_href(&s.file)),
        file: s.file.clone(),
        size: size(s.bytes),
        records: format!(
            "{} {}",
            format::integer(s.records as i64),
            plural(s.records, "wpis", "wpisy", "wpisów")
        ),
        duration: duration(s.duration),
        trigger: s.trigger.label(),
    })
}

fn failure_view(status: &Status) -> Option<FailureView> {
    let f = status.last_failure.as_ref()?;
    Some(FailureView {
        when: Moment::new(f.at),
        message: f.message.clone(),
        trigger: f.trigger.label(),
        current: status.last_success.as_ref().is_none_or(|s| s.at <= f.at),
    })
}

fn settings_view(app: &App) -> SettingsView {
    let config = &app.backups.config;
    let secs = config.interval.as_secs();
    let interval = if secs == 0 {
        "wyłączone — kopie robi się tylko przyciskiem na tej stronie albo poleceniem pestor snapshot export".to_string()
    } else if secs.is_multiple_of(3600) {
        let hours = secs / 3600;
        match hours {
            1 => "co godzinę, przy starcie (gdy ostatnia kopia jest starsza) i przy zatrzymaniu serwera".to_string(),
            n => format!(
                "co {n} {}, przy starcie (gdy ostatnia kopia jest starsza) i przy zatrzymaniu serwera",
                plural(n, "godzinę", "godziny", "godzin")
            ),
        }
    } else {
        format!(
            "co {secs} {}, przy starcie i przy zatrzymaniu serwera",
            plural(secs, "sekundę", "sekundy", "sekund")
        )
    };
    let daily = u64::from(config.keep_daily);
    let weekly = u64::from(config.keep_weekly);
    let retention = format!(
        "najnowsza kopia z każdego z {daily} {} i z każdego z {weekly} {}, w których powstały kopie; zawsze także najnowsza",
        plural(daily, "ostatniego dnia", "ostatnich dni", "ostatnich dni"),
        plural(
            weekly,
            "ostatniego tygodnia",
            "ostatnich tygodni",
            "ostatnich tygodni"
        ),
    );
    let compaction = match config.compact_growth_percent {
        0 => "wyłączone".to_string(),
        n => format!(
            "po kopii, gdy plik bazy urośnie ponad {n}% rozmiaru ze startu serwera albo z ostatniego kompaktowania"
        ),
    };
    let database_size = std::fs::metadata(app.store.path())
        .map(|m| size(m.len()))
        .unwrap_or_else(|_| "nieznany".to_string());
    SettingsView {
        dir: config.dir.display().to_string(),
        interval,
        enabled: secs > 0,
        retention,
        compaction,
        push: config.push.as_ref().map(|p| p.describe()),
        database_size,
    }
}

fn file_view(listed: Listed) -> FileView {
    FileView {
        href: file_href(&listed.name),
        when: Moment::new(listed.taken),
        size: size(listed.bytes),
        name: listed.name,
    }
}

fn file_href(name: &str) -> String {
    format!("/admin/kopie/pliki/{name}")
}

/// "1,4 MB", "320 kB".
fn size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!(
            "{},{}\u{a0}MB",
            format::integer((tenths / 10) as i64),
            tenths % 10
        )
    } else {
        format!("{}\u{a0}kB", format::integer(bytes.div_ceil(1024) as i64))
    }
}

/// "25 ms", "1,4 s", "12 s", "3 min 5 s".
fn duration(d: std::time::Duration) -> String {
    let ms = d.as_millis() as u64;
    if ms < 1000 {
        format!("{ms}\u{a0}ms")
    } else if ms < 10_000 {
        format!("{},{}\u{a0}s", ms / 1000, (ms % 1000) / 100)
    } else if ms < 60_000 {
        format!("{}\u{a0}s", ms / 1000)
    } else {
        format!("{}\u{a0}min {}\u{a0}s", ms / 60_000, (ms / 1000) % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_are_written_the_polish_way() {
        assert_eq!(size(0), "0\u{a0}kB");
        assert_eq!(size(1), "1\u{a0}kB");
        assert_eq!(size(1_500_000), "1,4\u{a0}MB");
        assert_eq!(size(1024 * 1024 * 1234), "1\u{a0}234,0\u{a0}MB");
        assert_eq!(duration(std::time::Duration::from_millis(25)), "25\u{a0}ms");
        assert_eq!(
            duration(std::time::Duration::from_millis(1420)),
            "1,4\u{a0}s"
        );
        assert_eq!(duration(std::time::Duration::from_secs(12)), "12\u{a0}s");
        assert_eq!(
            duration(std::time::Duration::from_secs(185)),
            "3\u{a0}min 5\u{a0}s"
        );
    }
}
