// The kiosk's map on a touch screen, run by tests/browser.rs against `pestor serve --kiosk`:
//   node tests/browser/kiosk-map.mjs http://127.0.0.1:PORT
// From the start screen a visitor opens the premises, moves the map with one finger, zooms it
// by spreading two fingers, taps a marker for its card and goes from the card to the record;
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
const settle = (page) => page.waitForTimeout(800);

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
  check('markers and groups are at least 44 px to a finger', marks.length > 0 && marks.every((s) => s >= 44),
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
  await settle(page);
  const centreAfter = await canvasData(page, 'centreNow');
  check('one finger moves the map', centreBefore && centreAfter && centreAfter !== centreBefore,
    `${centreBefore} → ${centreAfter}`);

  const zoomStart = Number(await canvasData(page, 'zoomNow'));
  await page.locator('.leaflet-control-zoom-out').tap();
  await page.locator('.leaflet-control-zoom-out').tap();
  await settle(page);
  const zoomBefore = Number(await canvasData(page, 'zoomNow'));
  check('the − button zooms out', zoomBefore < zoomStart, `${zoomStart} → ${zoomBefore}`);
  await gesture(cdp, line([box.x - 40, box.y, box.x + 40, box.y], [box.x - 300, box.y, box.x + 300, box.y])
    .map(([ax, ay, bx, by]) => [[ax, ay], [bx, by]]));
  await settle(page);
  const zoomAfter = Number(await canvasData(page, 'zoomNow'));
  check('spreading two fingers zooms in', zoomAfter > zoomBefore, `${zoomBefore} → ${zoomAfter}`);

  // A tapped marker opens its card; a tapped group opens up until markers show.
  let marker = page.locator('.leaflet-marker-icon.map-marker').first();
  for (let i = 0; i < 6 && !(await marker.isVisible().catch(() => false)); i += 1) {
    await page.locator('.marker-cluster').first().tap();
    await settle(page);
    marker = page.locator('.leaflet-marker-icon.map-marker').first();
  }
  const title = await marker.getAttribute('title');
  await marker.tap();
  await page.waitForSelector('.map-card:not([hidden])', { timeout: 5000 });
  check('a tapped marker opens a card with the record\'s name',
    (await page.textContent('.map-card .map-card-title')) === title, title);
  await audit(page, 'kiosk map card');
  const open = page.locator('.map-card a.map-card-open');
  const openHeight = await open.evaluate((a) => a.getBoundingClientRect().height);
  check('the card\'s button is large', openHeight >= 48, `${openHeight}px`);
  check('no popup on the kiosk, the card instead', (await page.locator('.leaflet-popup').count()) === 0);
  await page.locator('.map-card .map-card-close').tap();
  check('"Zamknij" closes the card', await page.locator('.map-card').isHidden());
  await marker.tap();
  await Promise.all([page.waitForURL(/\/lokale\/[a-z0-9-]+$/), page.locator('.map-card a.map-card-open').tap()]);
  check('the card leads to the record with its QR code', (await page.locator('.kiosk-record-qr svg').count()) === 1);

  // A filter's text box (the area "od") gets the on-screen keyboard too, comma included.
  await page.goto(`${base}/lokale`);
  await page.locator('#pow_od').tap();
  check('touching a filter box shows the on-screen keyboard', await page.locator('#kiosk-keyboard').isVisible());
  for (const k of ['2', '0', ',', '5']) await page.locator(`#kiosk-keyboard button[data-key="${k}"]`).tap();
  await Promise.all([page.waitForURL(/pow_od=20%2C5/), page.locator('#kiosk-keyboard button[data-action="szukaj"]').tap()]);
  check('the keys fill the area filter and "Szukaj" applies it', /Znaleziono/.test(await page.textContent('main')), page.url());

  // The whole map: all layers, no way out, nothing fetched from elsewhere.
  await page.goto(`${base}/mapa`);
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
