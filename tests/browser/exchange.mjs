// The exchange journey with accessibility checks, run by tests/browser.rs:
//   node tests/browser/exchange.mjs http://127.0.0.1:PORT
// A visitor subscribes to new offers (the confirmation link is read from the outbox by the demo
// administrator, as on a laptop without mail); the demo PES representative publishes an offer
// with two photos; the subscriber's mail is in the outbox; a resident asks about the offer and
// the representative answers from the inbox. axe-core runs on every page of the exchange.
import { join } from 'node:path';
import { audit, check, finish, launch, noHorizontalScrollAt320, signIn as signInAt, watchCsp } from './lib.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node exchange.mjs BASE_URL');
  process.exit(2);
}
const signIn = (page, email, password) => signInAt(page, base, email, password);
// Photos made for the test by tests/browser.rs (a PNG and a JPEG) in the FIXTURES directory.
const photo = (name) => join(process.env.FIXTURES || '.', name);
const local = (link) => link.replace(/^https?:\/\/[^/]+/, base);
const submit = (page, selector = 'form.form button[type=submit]') =>
  Promise.all([page.waitForLoadState('load'), page.click(selector)]);

const browser = await launch();
try {
  const cspErrors = [];
  const open = async () => {
    const page = await (await browser.newContext({ locale: 'pl-PL' })).newPage();
    watchCsp(page, cspErrors);
    return page;
  };

  // 1. The three registers and their records, as anybody sees them.
  const visitor = await open();
  for (const [list, label] of [['/oferty', 'offers'], ['/sprzet', 'equipment'], ['/zapotrzebowanie', 'needs']]) {
    await visitor.goto(`${base}${list}`);
    await audit(visitor, `${label} list`);
    await noHorizontalScrollAt320(visitor, `${label} list`);
    const first = visitor.locator('main article h3 a, main li h3 a').first();
    await Promise.all([visitor.waitForURL(new RegExp(`${list}/[a-z0-9-]+$`)), first.click()]);
    await audit(visitor, `${label} record page`);
    await noHorizontalScrollAt320(visitor, `${label} record page`);
  }
  await visitor.goto(`${base}/oferty?kategoria=gastronomia&sortuj=cena`);
  await audit(visitor, 'offers filtered and sorted by price');

  // 2. A visitor subscribes to new offers in gastronomy, at once.
  const subscriber = `subskrybentka.${Date.now()}@example.pl`;
  await visitor.goto(`${base}/subskrypcje`);
  await audit(visitor, 'subscription form');
  await visitor.fill('#f-email', subscriber);
  await visitor.check('#r-oferta');
  await visitor.locator('summary', { hasText: 'produkty i usługi' }).click();
  await visitor.check('#k-oferta-gastronomia');
  await visitor.check('#c-od-razu');
  await submit(visitor);
  check('subscription asks to check the mailbox', (await visitor.textContent('h1')).includes('Sprawdź skrzynkę'));

  const admin = await open();
  await signIn(admin, 'admin@pes-tor.example', 'ratusz-staromiejski-2013');
  await admin.goto(`${base}/admin/poczta`);
  await Promise.all([admin.waitForURL(/\/admin\/poczta\/\d+/), admin.locator('table a', { hasText: 'Potwierdź subskrypcję' }).first().click()]);
  const confirm = await admin.locator('a[href*="/subskrypcje/potwierdz?token="]').first().getAttribute('href');
  check('confirmation link found in the outbox', Boolean(confirm), confirm);
  await visitor.goto(local(confirm));
  check('subscription confirmed', (await visitor.textContent('h1')).includes('potwierdzona'));
  await audit(visitor, 'subscription settings');

  // 3. The demo representative publishes an offer and adds two photos to it.
  const pes = await open();
  await signIn(pes, 'pes@pes-tor.example', 'spoldzielnia-socjalna-14');
  await pes.goto(`${base}/konto/oferty`);
  await audit(pes, 'my offers');
  await pes.goto(`${base}/oferty/nowa`);
  await audit(pes, 'new offer form');
  const title = `Obiady regionalne ${Date.now() % 100000}`;
  await pes.fill('#f-title', title);
  await pes.selectOption('#f-category', 'gastronomia/obiady');
  await pes.fill('#f-description', 'Obiady dwudaniowe z lokalnych produktów, z dowozem na spotkania w Toruniu.');
  await pes.check('#f-price_kind-fixed');
  await pes.fill('#f-gross', '32,50');
  await pes.selectOption('#f-unit', { index: 1 });
  await pes.check('#f-audience-gmina');
  await pes.fill('#f-area_served', 'Toruń');
  await submit(pes, 'button[name=po_zapisie][value=opublikuj]');
  check('offer published', (await pes.textContent('h1')).includes(title), await pes.textContent('h1'));
  const offerUrl = pes.url().split('?')[0];

  await Promise.all([pes.waitForURL(/zdjecia/), pes.click('text=Zdjęcia')]);
  await audit(pes, 'offer photos page');
  for (const [file, alt] of [['talerz.png', 'Talerz z obiadem: ziemniaki, kotlet i surówka'], ['kuchnia.jpg', 'Kucharka przy kuchni w pracowni spółdzielni']]) {
    await pes.setInputFiles('#f-zdjecie', photo(file));
    await pes.fill('#f-opis', alt);
    await submit(pes, 'form.photo-upload button[type=submit]');
  }
  check('two photos on the photos page', (await pes.locator('.photo-manager img').count()) === 2);
  await pes.goto(offerUrl);
  const shown = await pes.locator('.gallery img').evaluateAll((imgs) => imgs.map((i) => [i.alt, i.naturalWidth > 0]));
  check('the offer shows both photos with their descriptions', shown.length === 2 && shown.every(([alt, loaded]) => alt && loaded), JSON.stringify(shown));
  await audit(pes, 'offer with photos');

  // 4. The subscriber's mail waits in the outbox (no SMTP on this laptop).
  await admin.goto(`${base}/admin/poczta`);
  const newOffer = admin.locator('table tr', { hasText: title });
  check('the subscriber was mailed about the new offer', (await newOffer.count()) === 1 && (await newOffer.textContent()).includes(subscriber));

  // 5. A resident asks about the offer; the representative answers from the inbox.
  const resident = await open();
  await signIn(resident, 'mieszkaniec@pes-tor.example', 'spacer-nad-wisla-100');
  await resident.goto(offerUrl);
  await Promise.all([resident.waitForURL(/\/zapytania\/nowe/), resident.click('text=Zadaj pytanie o tę ofertę')]);
  await audit(resident, 'enquiry form');
  await resident.fill('#f-tresc', 'Czy przygotujecie obiad dla 40 osób 12 grudnia?');
  await Promise.all([resident.waitForURL(/\/zapytania\/\d+/), resident.click('form.form button[type=submit]')]);
  await audit(resident, 'conversation (asker)');
  const thread = resident.url().split('#')[0];

  await pes.goto(`${base}/zapytania`);
  check('the inbox marks the new message', await pes.getByText('nowa wiadomość').first().isVisible());
  await audit(pes, 'inbox');
  await pes.goto(thread);
  await pes.fill('#f-tresc', 'Tak, 12 grudnia pasuje. Cena 32,50 zł za osobę.');
  await Promise.all([pes.waitForURL(/#ostatnia$/), pes.click('form.form button[type=submit]')]);
  await audit(pes, 'conversation (answerer)');

  await resident.goto(thread);
  check('the resident sees the answer', (await resident.textContent('.conversation')).includes('12 grudnia pasuje'));
  await resident.goto(`${base}/zapytania`);
  await audit(resident, 'inbox (resident)');

  check('no Content-Security-Policy violations', cspErrors.length === 0, cspErrors.join('\n'));
} catch (error) {
  check('journey ran to the end', false, String(error?.stack || error));
} finally {
  await browser.close();
}
finish();
