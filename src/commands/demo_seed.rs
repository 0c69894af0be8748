//! Demo data on the first start (and `pestor demo --scale N`): the organisations and accounts
//! in one transaction, then the registers that refer to them — equipment, needs, offers — and
//! the pictures that make the pages look real: logos for a few organisations, an illustration
//! for offers and equipment items (each marked as a demo picture in its description).

use crate::demo;
use crate::domain::RecordState;
use crate::store::Store;

/// Illustrations are drawn for at most this many records of each register, so that a scaled
/// benchmark data set does not spend its time drawing pictures.
const MAX_ILLUSTRATED: usize = 120;

/// Stores `count` demo organisations and the demo accounts of every role in one transaction,
/// then their offers. Returns the numbers of organisations and accounts.
pub(super) fn seed_demo(store: &Store, count: usize) -> Result<(usize, usize), String> {
    let orgs = demo::organizations(count, demo::DEFAULT_SEED);
    // Four argon2 hashes, one per role, shared by every account of the role (see demo::accounts).
    let hashes = demo::accounts::PasswordHashes::compute()
        .map_err(|e| format!("nie można przygotować haseł kont demonstracyjnych: {e}"))?;
    let counts = store
        .insert_organizations_and_users(orgs, |stored| {
            demo::accounts::accounts(stored, demo::DEFAULT_SEED, |role| {
                hashes.get(role).to_string()
            })
        })
        .map_err(|e| e.to_string())?;
    seed_demo_equipment(store, count)?;
    seed_demo_needs(store, count)?;
    seed_demo_offers(store)?;
    seed_demo_premises(store, count)?;
    store
        .insert_institutions(demo::institutions::institutions(
            demo::DEFAULT_SEED,
            crate::domain::now(),
        ))
        .map_err(|e| e.to_string())?;
    let orgs = store.organizations().map_err(|e| e.to_string())?;
    store
        .insert_procurements(demo::procurements::procurements(
            &orgs,
            crate::domain::now(),
        ))
        .map_err(|e| e.to_string())?;
    seed_demo_programme(store)?;
    seed_demo_logos(store).map_err(|e| e.to_string())?;
    seed_demo_illustrations(store).map_err(|e| e.to_string())?;
    Ok(counts)
}

/// Stores the programme's indicators and events as the brochure reports them.
fn seed_demo_programme(store: &Store) -> Result<(), String> {
    let now = crate::domain::now();
    store
        .insert_programme_events(demo::programme::events(now))
        .map_err(|e| e.to_string())?;
    store
        .insert_indicators(demo::programme::indicators(now))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Stores the demo equipment for the organisations and accounts just written.
fn seed_demo_equipment(store: &Store, organizations: usize) -> Result<(), String> {
    let orgs = store.organizations().map_err(|e| e.to_string())?;
    let users = store.users().map_err(|e| e.to_string())?;
    let items = demo::equipment::equipment(
        &orgs,
        &users,
        demo::equipment::count_for(organizations),
        demo::DEFAULT_SEED,
    );
    store.insert_equipment(items).map_err(|e| e.to_string())?;
    Ok(())
}

/// Stores the demo needs (with responses) for the demo organisations and accounts just stored.
fn seed_demo_needs(store: &Store, organizations: usize) -> Result<usize, String> {
    let orgs = store.organizations().map_err(|e| e.to_string())?;
    let users = store.users().map_err(|e| e.to_string())?;
    let needs = demo::needs::needs(
        &orgs,
        &users,
        demo::needs::count_for(organizations),
        demo::DEFAULT_SEED,
        crate::text::format::today(),
    );
    store.insert_needs(needs).map_err(|e| e.to_string())
}

/// Stores the demo premises (with a couple of applications of the demo PES account's
/// organisation) and an illustration for the first few of them.
fn seed_demo_premises(store: &Store, organizations: usize) -> Result<(), String> {
    const ILLUSTRATED: usize = 12;
    let orgs = store.organizations().map_err(|e| e.to_string())?;
    let users = store.users().map_err(|e| e.to_string())?;
    let records = demo::premises::premises(
        &orgs,
        &users,
        demo::premises::count_for(organizations),
        demo::DEFAULT_SEED,
        crate::text::format::today(),
    );
    store.insert_premises(records).map_err(|e| e.to_string())?;
    let photos: Vec<_> = store
        .all_premises()
        .map_err(|e| e.to_string())?
        .into_iter()
        .take(ILLUSTRATED)
        .map(|p| {
            let seed = demo::DEFAULT_SEED.rotate_left(29) ^ p.id.0;
            let label = p.label();
            let image = crate::media::demo::illustration(seed, &label);
            (p.id, image, illustration_alt(&format!("lokal {label}")))
        })
        .collect();
    store
        .add_premises_photos(photos)
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Stores the demo offers of the stored demo organisations, written by their representatives.
fn seed_demo_offers(store: &Store) -> Result<usize, String> {
    let orgs = store.organizations().map_err(|e| e.to_string())?;
    let users = store.users().map_err(|e| e.to_string())?;
    let offers = demo::offers::offers(&orgs, &users, demo::DEFAULT_SEED);
    store.insert_offers(offers).map_err(|e| e.to_string())
}

/// Demo logos (`media::demo::logo`) for the first few demo organisations, so that the
/// directory and the profiles show what a logo looks like.
fn seed_demo_logos(store: &Store) -> Result<(), crate::store::StoreError> {
    const DEMO_LOGOS: u64 = 6;
    for id in 1..=DEMO_LOGOS {
        let id = crate::domain::organization::OrgId(id);
        if store.organization(id)?.is_none() {
            break;
        }
        let change = crate::store::PhotoChange::Add {
            image: crate::media::demo::logo(demo::DEFAULT_SEED ^ id.0),
            alt: "Przykładowe logo: koło w kolorze i napis DEMO (dane demonstracyjne)".to_string(),
        };
        store.change_organization_logo(id, change, None)?;
    }
    Ok(())
}

/// One demo illustration for each published offer and each public equipment item (up to
/// [`MAX_ILLUSTRATED`] of each), in one transaction per register.
fn seed_demo_illustrations(store: &Store) -> Result<(), crate::store::StoreError> {
    let offers: Vec<_> = store
        .offers()?
        .into_iter()
        .filter(|o| o.state == RecordState::Published)
        .take(MAX_ILLUSTRATED)
        .map(|o| {
            let image = crate::media::demo::illustration(demo::DEFAULT_SEED ^ o.id.0, &o.title);
            (o.id, image, illustration_alt(&o.title))
        })
        .collect();
    store.add_offer_photos(offers)?;
    let items: Vec<_> = store
        .equipment_items()?
        .into_iter()
        .filter(|i| i.is_public())
        .take(MAX_ILLUSTRATED)
        .map(|i| {
            let seed = demo::DEFAULT_SEED.rotate_left(17) ^ i.id.0;
            let image = crate::media::demo::illustration(seed, &i.title);
            (i.id, image, illustration_alt(&i.title))
        })
        .collect();
    store.add_equipment_photos(items)?;
    Ok(())
}

/// The description of a demo picture: it shows no real thing, and says so.
fn illustration_alt(title: &str) -> String {
    let title: String = title.chars().take(120).collect();
    format!("Ilustracja demonstracyjna (kolorowe figury i napis DEMO) do ogłoszenia „{title}”")
}
