//! Photos of offers and equipment items through HTTP, on demo data: who may add them, the
//! gallery and the API showing them in order with their descriptions, moving and removing
//! (the image is gone), refusals (no description, not a picture, a ninth photo) that leave the
//! record as it was.

mod common;

use std::io::Cursor;

use common::client::Client;
use common::{TestServer, shared_server};

const PES: (&str, &str) = ("pes@pes-tor.example", "spoldzielnia-socjalna-14");
const STAFF: (&str, &str) = ("urzednik@pes-tor.example", "pieczatka-i-teczka-87");

fn signed_in(server: &TestServer, (email, password): (&str, &str)) -> Client {
    let mut client = Client::new(server.addr);
    let response = client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", email), ("password", password)],
    );
    assert_eq!(response.status, 303, "log-in as {email}");
    client
}

fn png(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([shade, (x % 256) as u8, (y % 256) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn add_photo(
    client: &mut Client,
    page: &str,
    alt: &str,
    file: (&str, &[u8]),
) -> common::HttpResponse {
    client.submit_multipart(page, page, &[("opis", alt)], ("zdjecie", file.0, file.1))
}

/// A published demo offer of the organisation the demo PES account represents.
fn own_offer(server: &TestServer) -> String {
    let list = server.get("/api/v1/offers?per_page=100").json();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["organization"]["name"]
                .as_str()
                .unwrap_or("")
                .starts_with("CISTOR")
        })
        .map(|i| i["slug"].as_str().unwrap().to_string())
        .expect("a published offer of CISTOR")
}

fn photos_in_api(server: &TestServer, path: &str) -> Vec<(String, String)> {
    server.get(path).json()["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["url"].as_str().unwrap().to_string(),
                p["alt"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_representative_adds_orders_and_removes_photos_of_an_offer() {
    let server = TestServer::start();
    let slug = own_offer(&server);
    let page = format!("/oferty/{slug}/zdjecia");
    let api = format!("/api/v1/offers/{slug}");
    let before = photos_in_api(&server, &api).len();

    let mut pes = signed_in(&server, PES);
    let first = add_photo(
        &mut pes,
        &page,
        "Talerz z obiadem",
        ("talerz.png", &png(900, 600, 40)),
    );
    assert_eq!(first.status, 303, "{}", first.text());
    let second = add_photo(
        &mut pes,
        &page,
        "Kucharka przy kuchni",
        ("kuchnia.png", &png(400, 700, 200)),
    );
    assert_eq!(second.status, 303);
    let photos = photos_in_api(&server, &api);
    assert_eq!(photos.len(), before + 2);
    assert_eq!(photos[before].1, "Talerz z obiadem");

    let offer_page = server.get(&format!("/oferty/{slug}")).text();
    assert!(
        offer_page.contains("alt=\"Kucharka przy kuchni\""),
        "{offer_page}"
    );
    let image = server.get(&photos[before + 1].0);
    assert_eq!(image.status, 200);
    assert_eq!(image.header("content-type"), Some("image/jpeg"));

    // Refusals are shown on the photos page and change nothing.
    let no_alt = add_photo(&mut pes, &page, " ", ("a.png", &png(100, 100, 1)));
    assert_eq!(no_alt.status, 422);
    assert!(no_alt.text().contains("Opisz, co przedstawia zdjęcie"));
    let not_a_picture = add_photo(
        &mut pes,
        &page,
        "Opis",
        ("a.jpg", b"<html>nie zdjecie</html>"),
    );
    assert_eq!(not_a_picture.status, 422);
    assert!(not_a_picture.text().contains("To nie jest zdjęcie"));
    assert_eq!(photos_in_api(&server, &api).len(), before + 2);

    // Move the second new photo up, then remove it: its image is gone for good.
    let moved_id = photos[before + 1].0.split('/').nth(2).unwrap().to_string();
    let moved = pes.submit(
        &page,
        &format!("{page}/kolejnosc"),
        &[("obraz", moved_id.as_str()), ("kierunek", "gora")],
    );
    assert_eq!(moved.status, 303);
    assert_eq!(
        photos_in_api(&server, &api)[before].1,
        "Kucharka przy kuchni"
    );
    let removed = pes.submit(
        &page,
        &format!("{page}/usun"),
        &[("obraz", moved_id.as_str())],
    );
    assert_eq!(removed.status, 303);
    assert_eq!(photos_in_api(&server, &api).len(), before + 1);
    assert_eq!(server.get(&photos[before + 1].0).status, 404);

    // Another organisation's representative and residents cannot touch them.
    let mut resident = signed_in(
        &server,
        ("mieszkaniec@pes-tor.example", "spacer-nad-wisla-100"),
    );
    assert_eq!(resident.get(&page).status, 403);
}

#[test]
fn an_offer_shows_at_most_eight_photos() {
    let server = TestServer::start();
    let slug = own_offer(&server);
    let page = format!("/oferty/{slug}/zdjecia");
    let mut pes = signed_in(&server, PES);
    let small = png(64, 48, 90);
    let mut statuses = Vec::new();
    for n in 0..9 {
        let existing = photos_in_api(&server, &format!("/api/v1/offers/{slug}")).len();
        if existing >= 8 {
            let refused = add_photo(&mut pes, &page, "Dziewiąte", ("9.png", &small));
            statuses.push(refused.status);
            break;
        }
        statuses
            .push(add_photo(&mut pes, &page, &format!("Zdjęcie {n}"), ("z.png", &small)).status);
    }
    assert_eq!(
        photos_in_api(&server, &format!("/api/v1/offers/{slug}")).len(),
        8
    );
    assert_ne!(statuses.last(), Some(&303), "{statuses:?}");
    assert!(pes.get(&page).text().contains("tyle, ile można"));
}

#[test]
fn staff_add_photos_to_the_citys_equipment() {
    let server = shared_server();
    let items = server.get("/api/v1/equipment?per_page=100").json();
    // Staff are on the donor side of every item.
    let slug = items["items"][0]["slug"].as_str().unwrap().to_string();
    let page = format!("/sprzet/{slug}/zdjecia");
    let mut staff = signed_in(server, STAFF);
    let response = add_photo(
        &mut staff,
        &page,
        "Biurka ustawione w rzędzie",
        ("biurka.png", &png(800, 600, 120)),
    );
    assert_eq!(response.status, 303, "{}", response.text());
    let item_page = server.get(&format!("/sprzet/{slug}")).text();
    assert!(
        item_page.contains("alt=\"Biurka ustawione w rzędzie\""),
        "{item_page}"
    );
    let mut visitor = Client::new(server.addr);
    assert_eq!(
        visitor.get(&page).status,
        303,
        "anonymous visitors are sent to log in"
    );
}
