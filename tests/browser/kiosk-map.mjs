// The kiosk's map on a touch screen, run by tests/browser.rs against `pestor serve --kiosk`:
//   node tests/browser/kiosk-map.mjs http://127.0.0.1:PORT
// From the start screen a visitor opens the premises, moves the map with one finger, zooms it
// by spreading two fingers, taps a group (listed in a card at the deepest zoom) and a marker
// for its card, and goes from the card to the record; the city map has its own tile;
// a filter's box is typed on the on-screen keyboard; the tiles come from the server itself,
// nothing on the page leads out, axe-core passes.
import { audit, check, finish, launch, watchCsp } from './lib.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node kiosk-map.mjs BASE_URL');
  process.exit(2);
}

const ready = (page) => page.waitForSelector('[data-map-panel][data-ready="1"]', { timeout: 20000 });
const canvasData = (page, key) => page.$eval('.map-canvas', (c, k) => c.dataset[k], key);
const settle = (page) => page.waitForTimeout(400);
// Waits until the map's zoom or centre (kept on the canvas by map.js after each move) differs
// from `before`; Leaflet's pan inertia and zoom animation take their time.
const changed = (page, key, before) => page.waitForFunction(
  ([k, b]) => document.querySelector('.map-canvas').dataset[k] !== b, [key, before], { timeout: 10000 },
).then(() => true, () => false);

// The first element of `selector` whose centre lies inside the map canvas (markers of groups
// spread out may lie outside it, clipped).
async function insideCanvas(page, selector) {
  const index = await page.$$eval(selector, (elements) => {
    const r = document.querySelector('.map-canvas').getBoundingClientRect();
    return elements.findIndex((e) => {
      const b = e.getBoundingClientRect();
      const x = b.left + b.width / 2;
      const y = b.top + b.height / 2;
      return b.width > 0 && x > r.left + 30 && x < r.right - 30 && y > r.top + 80 && y < r.bottom - 30;
    });
  });
  return index < 0 ? null : page.locator(selector).nth(index);
}

// A touch gesture through the DevTools protocol: each step moves every finger to its next point.
async function gesture(cdp, steps) {
  const points = (step) => step.map(([x, y], id) => ({ x, y, id }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(steps[0]) });
  for (const step of steps.slice(1)) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(step) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

function line(from, to, n = 8) {
  return Array.from({ length: n + 1 }, (_, i) => from.map((f, k) => f + ((to[k] - f) * i) / n));
}

const browser = await launch();
try {
  const cspErrors = [];
  const outside = [];
  const context = await browser.newContext({
    locale: 'pl-PL', hasTouch: true, isMobile: false, viewport: { width: 1080, height: 1920 },
  });
  const page = await context.newPage();
  watchCsp(page, cspErrors);
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) outside.push(r.url());
  });
  const cdp = await context.newCDPSession(page);

  await page.goto(`${base}/kiosk`);
  await Promise.all([page.waitForURL(/\/lokale$/), page.locator('a.kiosk-tile[href="/lokale"]').tap()]);
  await ready(page);
  check('the premises page shows its map on the kiosk', await page.isVisible('.map-panel .leaflet-container'));
  check('the list is there with the map', (await page.locator('main h3 a[href^="/lokale/"]').count()) > 0);
  check('the touch hint replaces the keyboard hint',
    (await page.isVisible('.map-hint-touch')) && !(await page.isVisible('.map-hint-keys')));
  const canvasHeight = await page.$eval('.map-canvas', (c) => c.getBoundingClientRect().height);
  check('the map is large on the kiosk', canvasHeight >= 400, `${canvasHeight}px`);
  const zoomButtons = await page.locator('.leaflet-control-zoom a').evaluateAll(
    (links) => links.map((a) => Math.min(a.getBoundingClientRect().width, a.getBoundingClientRect().height)),
  );
  check('the zoom buttons are at least 48 px', zoomButtons.length === 2 && zoomButtons.every((s) => s >= 48),
    zoomButtons.join(', '));
  const marks = await page.locator('.leaflet-marker-icon').evaluateAll(
    (icons) => icons.map((i) => Math.min(i.getBoundingClientRect().width, i.getBoundingClientRect().height)),
  );
  check('markers and groups are at least 48 px to a finger', marks.length > 0 && marks.every((s) => s >= 48),
    marks.join(', '));
  await audit(page, 'kiosk premises with the map');

  // Bring the map into view, then one finger moves it and two fingers zoom it.
  await page.$eval('.map-canvas', (c) => c.scrollIntoView({ block: 'center' }));
  await settle(page);
  const box = await page.$eval('.map-canvas', (c) => {
    const r = c.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  const centreBefore = await canvasData(page, 'centreNow');
  await gesture(cdp, line([box.x, box.y], [box.x - 220, box.y - 120]).map(([x, y]) => [[x, y]]));
  const moved = await changed(page, 'centreNow', centreBefore);
  check('one finger moves the map', Boolean(centreBefore) && moved,
    `${centreBefore} → ${await canvasData(page, 'centreNow')}`);

  const zoomStart = await canvasData(page, 'zoomNow');
  await page.locator('.leaflet-control-zoom-out').tap();
  const zoomedOut = await changed(page, 'zoomNow', zoomStart);
  const zoomBefore = await canvasData(page, 'zoomNow');
  check('the − button zooms out', zoomedOut && Number(zoomBefore) < Number(zoomStart), `${zoomStart} → ${zoomBefore}`);
  await gesture(cdp, line([box.x - 40, box.y, box.x + 40, box.y], [box.x - 300, box.y, box.x + 300, box.y])
    .map(([ax, ay, bx, by]) => [[ax, ay], [bx, by]]));
  const zoomedIn = await changed(page, 'zoomNow', zoomBefore);
  const zoomAfter = await canvasData(page, 'zoomNow');
  check('spreading two fingers zooms in', zoomedIn && Number(zoomAfter) > Number(zoomBefore), `${zoomBefore} → ${zoomAfter}`);

  // At the deepest zoom a tapped group lists its records in the card.
  while (!(await page.locator('.leaflet-control-zoom-in').evaluate((a) => a.classList.contains('leaflet-disabled')))) {
    const zoom = await canvasData(page, 'zoomNow');
    await page.locator('.leaflet-control-zoom-in').tap();
    await changed(page, 'zoomNow', zoom);
  }
  await settle(page);
  const group = await insideCanvas(page, '.marker-cluster');
  check('groups remain at the deepest zoom of the embedded map', group !== null);
  if (group) {
    const size = Number(await group.locator('span[aria-hidden="true"]').textContent());
    await group.tap();
    await page.waitForSelector('.map-card .map-card-list', { timeout: 5000 });
    const listed = await page.locator('.map-card .map-card-list a').count();
    check('a tapped group lists its records in the card', listed === Math.min(size, 12) && listed > 0,
      `${listed} of ${size}`);
    check('the group is not fanned out over the map', (await page.locator('.leaflet-popup, .leaflet-cluster-spider-leg').count()) === 0);
    await audit(page, 'kiosk map card of a group');
    await page.locator('.map-card .map-card-close').tap();
  }

  // A tapped marker opens its card with a large button to the record.
  const marker = await insideCanvas(page, '.leaflet-marker-icon.map-marker');
  check('a single marker is in view', marker !== null);
  const title = await marker.getAttribute('title');
  await marker.tap();
  await page.waitForSelector('.map-card .map-card-open', { timeout: 5000 });
  check('a tapped marker opens a card with the record\'s name',
    (await page.textContent('.map-card .map-card-title')) === title, title);
  await audit(page, 'kiosk map card');
  const open = page.locator('.map-card a.map-card-open');
  const openHeight = await open.evaluate((a) => a.getBoundingClientRect().height);
  check('the card\'s button is large', openHeight >= 48, `${openHeight}px`);
  check('no popup on the kiosk, the card instead', (await page.locator('.leaflet-popup').count()) === 0);
  await page.locator('.map-card .map-card-close').tap();
  check('"Zamknij" closes the card', await page.locator('.map-card').isHidden());
  check('and gives the focus back to the marker',
    await page.evaluate(() => document.activeElement.classList.contains('map-marker')));
  await marker.tap();
  await Promise.all([page.waitForURL(/\/lokale\/[a-z0-9-]+$/), page.locator('.map-card a.map-card-open').tap()]);
  check('the card leads to the record with its QR code', (await page.locator('.kiosk-record-qr svg').count()) === 1);

  // No results: no empty map between the message and the advice.
  await page.goto(`${base}/lokale?q=zzzqqq`);
  await page.waitForSelector('[data-map-panel][data-ready="1"]', { state: 'attached', timeout: 20000 });
  check('an empty result shows no empty map', await page.locator('.map-panel').isHidden());

  // A filter's text box (the area "od") gets the on-screen keyboard too, comma included.
  await page.goto(`${base}/lokale`);
  await page.locator('#pow_od').tap();
  check('touching a filter box shows the on-screen keyboard', await page.locator('#kiosk-keyboard').isVisible());
  for (const k of ['2', '0', ',', '5']) await page.locator(`#kiosk-keyboard button[data-key="${k}"]`).tap();
  await Promise.all([page.waitForURL(/pow_od=20%2C5/), page.locator('#kiosk-keyboard button[data-action="szukaj"]').tap()]);
  check('the keys fill the area filter and "Szukaj" applies it', /Znaleziono/.test(await page.textContent('main')), page.url());

  // The whole map: all layers, no way out, nothing fetched from elsewhere.
  await Promise.all([page.waitForURL(/\/kiosk$/), page.locator('.kiosk-bar a', { hasText: 'Ekran startowy' }).tap()]);
  await Promise.all([page.waitForURL(/\/mapa$/), page.locator('a.kiosk-tile[href="/mapa"]').tap()]);
  await ready(page);
  const status = await page.textContent('.map-status');
  check('the big map shows every layer', /Podmioty ekonomii społecznej: \d+/.test(status) && /Lokale dla organizacji: \d+/.test(status), status);
  check('the map has its list below', (await page.locator('.map-list-items li').count()) > 0);
  await audit(page, 'kiosk /mapa');
  check('no link out of the kiosk, not even in the map\'s credits',
    (await page.locator('a[href^="http"], a[href^="//"]').count()) === 0);
  check('tiles and data come from the kiosk itself', outside.length === 0, outside.slice(0, 3).join(', '));
  check('no Content-Security-Policy violations', cspErrors.length === 0, cspErrors.join('\n'));
} finally {
  await browser.close();
}
finish();
