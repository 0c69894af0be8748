//! Photos and logos through HTTP (DESIGN §5): an organisation's logo is uploaded, served with
//! cache headers, replaced and removed; hostile uploads each get a clear Polish message, the
//! server answers the next request, and neither the organisation nor the media table is
//! half written.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::client::{Client, csrf_token};
use common::{HttpResponse, Options, TestServer};
use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};
use pestor::domain::organization::Organization;
use pestor::domain::user::{Role, User};
use pestor::store::Store;

const PASSWORD: &str = "hasło do testów zdjęć";
const REPRESENTATIVE: &str = "pes@example.pl";

/// A server without demo data: three organisations, the first represented by `REPRESENTATIVE`.
/// Gives the server and that organisation as stored.
fn server() -> (TestServer, Organization) {
    let data = tempfile::tempdir().unwrap();
    let org;
    {
        let store = Store::open(data.path()).unwrap();
        let orgs = pestor::demo::organizations(3, pestor::demo::DEFAULT_SEED);
        store.insert_organizations(orgs).unwrap();
        org = store.organizations().unwrap()[0].clone();
        let hash = pestor::auth::hash_password(PASSWORD).unwrap();
        let user = User {
            organizations: vec![org.id],
            ..common::accounts::active_user(REPRESENTATIVE, Role::Pes, &hash)
        };
        store.save_user(user, None).unwrap();
        store.mark_initialised().unwrap();
    }
    let server = TestServer::start_with(Options {
        data: Some(data),
        args: vec!["--no-demo".to_string()],
        ..Options::default()
    });
    (server, org)
}

fn signed_in(server: &TestServer) -> Client {
    let mut client = Client::new(server.addr);
    let response = client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", REPRESENTATIVE), ("password", PASSWORD)],
    );
    assert_eq!(response.status, 303, "log-in: {}", response.text());
    client
}

/// A `width` × `height` JPEG at `quality`; with `noise`, hard to compress (a large file).
fn jpeg(width: u32, height: u32, quality: u8, noise: bool) -> Vec<u8> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let picture = RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let n = if noise { (state % 64) as u32 } else { 0 };
        image::Rgb([
            ((x * 255 / width) ^ n) as u8,
            ((y * 255 / height) ^ n) as u8,
            (128 ^ n) as u8,
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(picture.as_raw(), width, height, ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn edit_page(org: &Organization) -> String {
    format!("/podmioty/{}/edycja", org.slug)
}

fn upload(
    client: &mut Client,
    org: &Organization,
    alt: Option<&str>,
    file: (&str, &[u8]),
) -> HttpResponse {
    let fields: Vec<(&str, &str)> = alt.map(|a| ("opis", a)).into_iter().collect();
    client.submit_multipart(
        &edit_page(org),
        &format!("/podmioty/{}/logo", org.slug),
        &fields,
        ("zdjecie", file.0, file.1),
    )
}

/// The organisation as the open-data API shows it.
fn api(server: &TestServer, org: &Organization) -> serde_json::Value {
    server
        .get(&format!("/api/v1/organizations/{}", org.slug))
        .json()
}

fn assert_serving(server: &TestServer) {
    assert_eq!(server.get("/").status, 200, "the server answers on");
}

/// The organisation record and the number of stored images, read after the server stopped.
fn stored(server: TestServer, org: &Organization) -> (Organization, u64) {
    let data = server.stop();
    let store = Store::open(data.path()).unwrap();
    let record = store.organization(org.id).unwrap().unwrap();
    (record, store.image_count().unwrap())
}

#[test]
fn a_logo_is_uploaded_served_with_cache_headers_replaced_and_removed() {
    let (server, org) = server();
    let mut pes = signed_in(&server);

    let sent = upload(
        &mut pes,
        &org,
        Some("Logo: zielone drzewo"),
        ("logo.jpg", &jpeg(1600, 1200, 90, false)),
    );
    assert_eq!(sent.status, 303, "{}", sent.text());
    let back = sent.header("location").unwrap().to_string();
    assert!(back.starts_with(&format!("{}?logo=zapisane", edit_page(&org))));
    // As a browser follows it: without the fragment.
    let back = back.split('#').next().unwrap();
    assert!(pes.get(back).text().contains("Logo zostało zapisane."));

    let json = api(&server, &org);
    assert_eq!(json["logo_alt"], "Logo: zielone drzewo");
    let url = json["logo_url"].as_str().expect("logo_url").to_string();
    assert!(
        url.starts_with("/media/") && url.ends_with("/duze.jpg"),
        "{url}"
    );
    let display = server.get(&url);
    assert_eq!(display.status, 200);
    assert_eq!(display.header("content-type"), Some("image/jpeg"));
    assert_eq!(
        display.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let etag = display.header("etag").expect("an ETag").to_string();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong: {etag}"
    );
    let picture = image::load_from_memory(&display.body).unwrap();
    assert_eq!((picture.width(), picture.height()), (1280, 960));
    let thumbnail_url = url.replace("duze.jpg", "miniatura.jpg");
    let thumbnail = server.get(&thumbnail_url);
    assert_eq!(
        image::load_from_memory(&thumbnail.body).unwrap().width(),
        320
    );
    assert_ne!(thumbnail.header("etag"), Some(etag.as_str()));

    // Revalidation: 304 without a body, with the same validators.
    let again = server.request("GET", &url, &[("If-None-Match", &etag)], b"");
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert_eq!(
        server
            .request("GET", &url, &[("If-None-Match", "\"other\"")], b"")
            .status,
        200
    );

    // Shown on the profile (with its text) and, small, in the directory.
    let profile = server.get(&format!("/podmioty/{}", org.slug)).text();
    assert!(profile.contains(&format!(
        "<img src=\"{thumbnail_url}\" alt=\"Logo: zielone drzewo\">"
    )));
    let list = server
        .get(&format!("/podmioty?q={}", org.slug.replace('-', "+")))
        .text();
    assert!(list.contains(&format!("class=\"org-card-logo\" src=\"{thumbnail_url}\"")));

    // New alternative text.
    let id = url
        .trim_start_matches("/media/")
        .trim_end_matches("/duze.jpg")
        .to_string();
    let described = pes.submit(
        &edit_page(&org),
        &format!("/podmioty/{}/logo/opis", org.slug),
        &[("obraz", &id), ("opis", "Logo: drzewo i nazwa")],
    );
    assert_eq!(described.status, 303);
    assert_eq!(api(&server, &org)["logo_alt"], "Logo: drzewo i nazwa");
    let blank = pes.submit(
        &edit_page(&org),
        &format!("/podmioty/{}/logo/opis", org.slug),
        &[("obraz", &id), ("opis", "  ")],
    );
    assert_eq!(blank.status, 422);
    assert!(blank.text().contains("Opisz, co przedstawia zdjęcie"));

    // A new logo replaces the old one, whose image is gone.
    let replaced = upload(
        &mut pes,
        &org,
        Some("Nowe logo"),
        ("nowe.png", &jpeg(200, 100, 80, false)),
    );
    assert_eq!(replaced.status, 303, "{}", replaced.text());
    let new_url = api(&server, &org)["logo_url"].as_str().unwrap().to_string();
    assert_ne!(new_url, url);
    assert_eq!(server.get(&url).status, 404);
    assert_eq!(server.get(&new_url).status, 200);

    // Removal.
    let new_id = new_url
        .trim_start_matches("/media/")
        .trim_end_matches("/duze.jpg")
        .to_string();
    let removed = pes.submit(
        &edit_page(&org),
        &format!("/podmioty/{}/logo/usun", org.slug),
        &[("obraz", &new_id)],
    );
    assert_eq!(removed.status, 303);
    assert!(api(&server, &org)["logo_url"].is_null());
    assert_eq!(server.get(&new_url).status, 404);

    let (record, images) = stored(server, &org);
    assert_eq!(record.logo, None);
    assert_eq!(
        images, 0,
        "replaced and removed logos leave no image behind"
    );
}

#[test]
fn unknown_images_and_other_file_names_are_404() {
    let (server, _) = server();
    for path in [
        "/media/1/duze.jpg",
        "/media/999999/miniatura.jpg",
        "/media/abc/duze.jpg",
        "/media/01/duze.jpg",
        "/media/1/duze.png",
        "/media/1/oryginal.jpg",
        "/media/1",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(response.text().contains("Nie znaleziono strony"), "{path}");
    }
}

/// A 50 000 × 50 000 PNG "bomb": a valid header and a little compressed data.
fn png_bomb() -> Vec<u8> {
    fn crc(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (&b"IHDR"[..], {
            let mut d = 50_000u32.to_be_bytes().to_vec();
            d.extend(50_000u32.to_be_bytes());
            d.extend([8, 2, 0, 0, 0]);
            d
        }),
        (
            &b"IDAT"[..],
            vec![0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        ),
        (&b"IEND"[..], Vec::new()),
    ] {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(&data);
        out.extend(&body);
        out.extend(crc(&body).to_be_bytes());
    }
    out
}

/// An upload that must be refused, and the words its message must contain.
struct Hostile {
    what: &'static str,
    alt: Option<&'static str>,
    name: &'static str,
    bytes: Vec<u8>,
    message: &'static str,
}

#[test]
fn hostile_uploads_get_clear_messages_and_nothing_is_half_stored() {
    let (server, org) = server();
    let mut pes = signed_in(&server);
    let photo = jpeg(400, 300, 85, false);
    let cases = [
        Hostile {
            what: "a decompression bomb",
            alt: Some("Logo"),
            name: "bomba.png",
            bytes: png_bomb(),
            message: "za dużo pikseli",
        },
        Hostile {
            what: "a truncated JPEG",
            alt: Some("Logo"),
            name: "urwane.jpg",
            bytes: photo[..photo.len() / 2].to_vec(),
            message: "plik jest uszkodzony lub niepełny",
        },
        Hostile {
            what: "a web page named .jpg",
            alt: Some("Logo"),
            name: "logo.jpg",
            bytes: b"<!DOCTYPE html><script>alert(1)</script>".to_vec(),
            message: "To nie jest zdjęcie w formacie JPEG, PNG ani WebP",
        },
        Hostile {
            what: "an empty file",
            alt: Some("Logo"),
            name: "pusty.jpg",
            bytes: Vec::new(),
            message: "Plik jest pusty",
        },
        Hostile {
            what: "a GIF",
            alt: Some("Logo"),
            name: "logo.gif",
            bytes: b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            message: "To nie jest zdjęcie w formacie JPEG, PNG ani WebP",
        },
        Hostile {
            what: "a photo without its description",
            alt: None,
            name: "logo.jpg",
            bytes: photo.clone(),
            message: "Opisz, co przedstawia zdjęcie",
        },
    ];
    for case in cases {
        let what = case.what;
        let response = upload(&mut pes, &org, case.alt, (case.name, &case.bytes));
        assert_eq!(response.status, 422, "{what}");
        let text = response.text();
        assert!(text.contains(case.message), "{what}: {text}");
        // The form comes back marked, with the text the person typed.
        assert!(text.contains("Nie udało się dodać logo"), "{what}");
        assert!(text.contains("aria-invalid=\"true\""), "{what}");
        let typed = format!(
            "id=\"f-opis\" name=\"opis\" type=\"text\" value=\"{}\"",
            case.alt.unwrap_or("")
        );
        assert!(text.contains(&typed), "{what}");
        assert_serving(&server);
        assert!(api(&server, &org)["logo_url"].is_null(), "{what}");
    }

    // Broken multipart bodies: a 400 page that says what is wrong.
    let page = pes.get(&edit_page(&org)).text();
    let token = csrf_token(&page).unwrap();
    let cookie = pes.cookie_header();
    let action = format!("/podmioty/{}/logo", org.slug);
    let body =
        format!("--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n--b--\r\n");
    for content_type in ["multipart/form-data", "multipart/form-data; boundary=inna"] {
        let response = server.request(
            "POST",
            &action,
            &[
                ("Content-Type", content_type),
                ("Cookie", &cookie),
                ("Sec-Fetch-Site", "same-origin"),
            ],
            body.as_bytes(),
        );
        assert_eq!(response.status, 400, "{content_type}");
        assert!(
            response
                .text()
                .contains("Nie udało się odczytać formularza"),
            "{content_type}"
        );
        assert_serving(&server);
    }

    // A body over the upload cap is refused before it is read.
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let head = format!(
        "POST {action} HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=b\r\nCookie: {cookie}\r\nSec-Fetch-Site: same-origin\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        17 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).unwrap();
    let _ = stream.write_all(&vec![b'x'; 64 * 1024]);
    let response = read_one(&mut stream);
    assert_eq!(response.status, 413);
    assert!(response.text().contains("zdjęcie może mieć najwyżej 15 MB"));
    assert_serving(&server);

    let (record, images) = stored(server, &org);
    assert_eq!(record, org, "the organisation is unchanged");
    assert_eq!(images, 0, "no image was stored");
}

#[test]
fn upload_routes_take_photos_over_a_megabyte_and_other_forms_do_not() {
    let (server, org) = server();
    let mut pes = signed_in(&server);
    let large = jpeg(1800, 1400, 97, true);
    assert!(large.len() > 1024 * 1024, "{} bytes", large.len());
    let sent = upload(&mut pes, &org, Some("Duże logo"), ("duze.jpg", &large));
    assert_eq!(sent.status, 303, "{}", sent.text());
    assert!(api(&server, &org)["logo_url"].is_string());
    // The claim form takes a document, not photos: it keeps the ordinary cap of 1 MiB.
    let claim_page = format!("/podmioty/{}/reprezentacja", org.slug);
    let other = pes.submit_multipart(
        &edit_page(&org),
        &claim_page,
        &[("message", "Dokument w załączniku.")],
        ("document", "skan.jpg", &large),
    );
    assert_eq!(other.status, 413);
    assert_serving(&server);
}

/// Reads one response (head and Content-Length body) from a connection the server may keep
/// open while it drains what the client announced.
fn read_one(stream: &mut TcpStream) -> HttpResponse {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        assert_eq!(
            stream.read(&mut byte).expect("read the head"),
            1,
            "head cut short"
        );
        raw.push(byte[0]);
    }
    let head = common::parse_response(&raw, true).expect("a response head");
    let length: usize = head
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("read the body");
    HttpResponse { body, ..head }
}
