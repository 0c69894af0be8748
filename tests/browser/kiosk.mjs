// The kiosk on a touch screen, run by tests/browser.rs against `pestor serve --kiosk` with a
// short idle time:
//   node tests/browser/kiosk.mjs http://127.0.0.1:PORT
// A visitor uses only taps: a tile, a filter, an organisation, whose page offers its public
// address as a QR code; then a search typed on the on-screen keyboard; typing in the search box,
// then leaving the kiosk alone, brings back a clean start screen, and later the attract screen,
// which the first touch leaves. axe-core runs on the start screen, a list, a record page and
// the attract screen.
import { audit, check, finish, launch, watchCsp } from './lib.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node kiosk.mjs BASE_URL');
  process.exit(2);
}

const browser = await launch();
try {
  const cspErrors = [];
  const context = await browser.newContext({
    locale: 'pl-PL', hasTouch: true, isMobile: false, viewport: { width: 1080, height: 1920 },
  });
  const page = await context.newPage();
  watchCsp(page, cspErrors);

  await page.goto(`${base}/`);
  check('the kiosk opens on its start screen', new URL(page.url()).pathname === '/kiosk', page.url());
  await audit(page, 'kiosk start screen');
  const tiles = await page.locator('a.kiosk-tile').count();
  check('the start screen has a tile for each module', tiles >= 7, `tiles: ${tiles}`);
  const small = await page.locator('a.kiosk-tile, .kiosk-bar a').evaluateAll(
    (links) => links.filter((a) => a.getBoundingClientRect().height < 48).map((a) => a.textContent.trim()),
  );
  check('every tile and bar button is at least 48 px high', small.length === 0, small.join(', '));

  // A tile, then a filter, then an organisation: taps only.
  await Promise.all([page.waitForURL(/\/podmioty/), page.locator('a.kiosk-tile[href="/podmioty"]').tap()]);
  await audit(page, 'kiosk organisation list');
  const facet = page.locator('aside.facets details[open] a').first();
  await Promise.all([page.waitForURL(/\/podmioty\?/), facet.tap()]);
  check('a tapped filter narrows the list', /\?.+=/.test(page.url()), page.url());
  await audit(page, 'kiosk organisation list with a chosen filter');
  // The card's description, not its title: the whole card answers a finger.
  // (A tap at its place: the title's link lies over the card, so the text is not the target.)
  const description = page.locator('main li.org-card p.meta').first();
  await description.scrollIntoViewIfNeeded();
  const where = await description.boundingBox();
  await Promise.all([page.waitForURL(/\/podmioty\/[a-z0-9-]+$/), page.touchscreen.tap(where.x + where.width / 2, where.y + where.height / 2)]);
  await audit(page, 'kiosk organisation page');
  const qr = page.locator('.kiosk-record-qr svg');
  check('the organisation page offers its public address as a QR code', await qr.count() === 1);
  const address = await page.textContent('.kiosk-record-qr .kiosk-qr-address');
  check('the QR code names the same page on the public server',
    address.trim().endsWith(new URL(page.url()).pathname), address);
  const outbound = await page.locator('a[href^="http"], a[href^="mailto:"], form[method="post"]').count();
  check('no way out of the kiosk on a record page', outbound === 0, `links or forms: ${outbound}`);
  await Promise.all([page.waitForURL(/\/kiosk$/), page.locator('.kiosk-bar a', { hasText: 'Ekran startowy' }).tap()]);
  check('"Ekran startowy" returns to the start', new URL(page.url()).pathname === '/kiosk', page.url());

  // The same search with the on-screen keyboard: Polish letters, a correction, "Szukaj".
  await page.locator('#kiosk-q').tap();
  check('touching the search box shows the on-screen keyboard', await page.locator('#kiosk-keyboard').isVisible());
  await audit(page, 'kiosk start screen with the keyboard');
  const key = (k) => page.locator(`#kiosk-keyboard button[data-key="${k}"]`).tap();
  for (const k of ['ł', 'ó', 'd', 'ź', 'x']) await key(k);
  await page.locator('#kiosk-keyboard button[data-action="usun"]').tap();
  check('the keys type Polish letters and "Usuń" takes one back', (await page.inputValue('#kiosk-q')) === 'łódź',
    await page.inputValue('#kiosk-q'));
  await page.locator('#kiosk-keyboard button[data-action="usun"]').tap();
  for (const k of ['ź', ' ']) await key(k);
  await page.fill('#kiosk-q', '');
  for (const k of 'fundacja') await key(k);
  await Promise.all([page.waitForURL(/\/podmioty\?q=fundacja/), page.locator('#kiosk-keyboard button[data-action="szukaj"]').tap()]);
  const found = await page.locator('main li h3 a, main article h3 a').count();
  check('"Szukaj" on the keyboard finds organisations', found > 0, `results: ${found}`);
  await Promise.all([page.waitForURL(/\/podmioty\/[a-z0-9-]+$/), page.locator('main li h3 a, main article h3 a').first().tap()]);
  check('an organisation found with taps only shows its phone or address',
    /Telefon|telefon|Adres|adres/.test(await page.textContent('main')));
  await Promise.all([page.waitForURL(/\/kiosk$/), page.locator('.kiosk-bar a', { hasText: 'Ekran startowy' }).tap()]);

  // Someone types a search and walks away: the kiosk asks, then starts over clean.
  await page.locator('#kiosk-q').tap();
  await page.keyboard.type('catering');
  await page.waitForSelector('#kiosk-idle[open]', { timeout: 15000 });
  check('the idle notice asks whether anybody is there',
    (await page.textContent('#kiosk-idle')).includes('Czy ktoś tu jest?'));
  await page.waitForURL(/\/kiosk\?reset=1$/, { timeout: 20000 });
  await page.waitForLoadState('load');
  check('after the notice the kiosk is back on the start screen', new URL(page.url()).pathname === '/kiosk');
  check('the previous visitor\'s search is gone', (await page.inputValue('#kiosk-q')) === '');

  // A clean start screen left alone gives way to the attract screen; a touch brings it back.
  await page.waitForURL(/\/kiosk\/pokaz$/, { timeout: 20000 });
  await page.waitForSelector('[data-map-panel][data-ready="1"]', { timeout: 20000 });
  const attract = await page.textContent('main');
  check('the attract screen shows the platform and the programme in numbers',
    /w liczbach/.test(attract) && (await page.locator('.kiosk-attract-numbers .stat-number').count()) === 4
      && (await page.locator('.indicator-cards svg').count()) > 0);
  check('the attract screen shows the newest offers', (await page.locator('.kiosk-attract-offers li').count()) > 0);
  check('the attract screen shows the map', (await page.locator('.leaflet-marker-icon').count()) > 0);
  await audit(page, 'kiosk attract screen');
  await Promise.all([page.waitForURL(/\/oferty\/[a-z0-9-]+$/), page.locator('.kiosk-attract-offers a').first().tap()]);
  check('a touched offer on the attract screen opens it', (await page.locator('.kiosk-record-qr svg').count()) === 1);
  await Promise.all([page.waitForURL(/\/kiosk$/), page.locator('.kiosk-bar a', { hasText: 'Ekran startowy' }).tap()]);
  check('the start screen has no "Wstecz" (nothing of the last visitor behind it)',
    (await page.locator('#kiosk-wstecz').count()) === 0);
  await page.waitForURL(/\/kiosk\/pokaz$/, { timeout: 20000 });
  await page.waitForSelector('[data-map-panel][data-ready="1"]', { timeout: 20000 });
  const heading = await page.locator('h1').boundingBox();
  await Promise.all([page.waitForURL(/\/kiosk\?reset=1$/), page.touchscreen.tap(heading.x + 10, heading.y + 10)]);
  check('the first touch elsewhere on the attract screen brings the start screen', new URL(page.url()).pathname === '/kiosk');

  check('no Content-Security-Policy violations', cspErrors.length === 0, cspErrors.join('\n'));
} finally {
  await browser.close();
}
finish();
