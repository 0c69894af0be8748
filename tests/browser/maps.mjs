// The maps with accessibility checks, run by tests/browser.rs:
//   node tests/browser/maps.mjs http://127.0.0.1:PORT
// /mapa shows the PES, support and premises layers, the
// filters change the markers and the list, Tab reaches a marker and Enter opens its popup;
// the list pages carry their own map; the staff form gets the location picker; axe-core passes
// on /mapa, /wsparcie and /podmioty and no Content-Security-Policy violation is reported.
import { audit, check, finish, launch, noHorizontalScrollAt320, signIn, watchCsp } from './lib.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node maps.mjs BASE_URL');
  process.exit(2);
}

const ready = (page) => page.waitForSelector('[data-map-panel][data-ready="1"]', { timeout: 20000 });
const markers = (page, layer) => page.locator(`.leaflet-marker-icon.map-mark-${layer}`).count();
const panelCount = (page, layer) =>
  page.$eval('[data-map-panel]', (p, key) => p.dataset['count' + key.charAt(0).toUpperCase() + key.slice(1)], layer);

const browser = await launch();
try {
  const cspErrors = [];
  const page = await (await browser.newContext({ locale: 'pl-PL' })).newPage();
  watchCsp(page, cspErrors);
  page.setViewportSize({ width: 1280, height: 900 });

  // The whole map.
  await page.goto(`${base}/mapa`);
  await ready(page);
  check('the map panel is shown by the script', await page.isVisible('.map-panel .leaflet-container'));
  check('the PES layer loads all located organisations', Number(await panelCount(page, 'pes')) === 208,
    String(await panelCount(page, 'pes')));
  check('the support layer loads 15 institutions', (await panelCount(page, 'wsparcie')) === '15');
  const premises = await panelCount(page, 'lokale');
  check('the premises layer loads all 83 demo premises', premises === '83', premises);
  check('premises markers carry a status letter, not colour alone',
    (await page.locator('.map-mark-lokale.map-status-wolny').count()) + (await page.locator('.marker-cluster').count()) > 0);
  const status = await page.textContent('.map-status');
  check('the status line names every layer', /Podmioty ekonomii społecznej: 208/.test(status) && /Instytucje wsparcia: 15/.test(status), status);
  check('markers or clusters are drawn', (await page.locator('.leaflet-marker-icon').count()) > 0);
  check('the attribution is shown on the map',
    /OpenStreetMap \(ODbL\), PRNG \(GUGiK\), GSHHG, Natural Earth/.test(await page.textContent('.leaflet-control-attribution')));
  await audit(page, '/mapa');
  await noHorizontalScrollAt320(page, '/mapa');

  // Filtering (the GET form) changes the markers and the list.
  await page.goto(`${base}/mapa`);
  await page.uncheck('#m-pes');
  await page.uncheck('#m-lokale');
  await page.selectOption('#m-rodzaj', 'fundusz');
  await Promise.all([page.waitForURL(/rodzaj=fundusz/), page.click('.map-filters button[type=submit]')]);
  await ready(page);
  check('only the support layer is loaded', (await panelCount(page, 'wsparcie')) === '2' && (await panelCount(page, 'pes')) === undefined);
  check('two fund markers on the map', (await markers(page, 'wsparcie')) === 2, String(await markers(page, 'wsparcie')));
  check('the list shows the same two funds', (await page.locator('[data-list="wsparcie"] li').count()) === 2);

  // Keyboard: Tab reaches a marker, Enter opens its popup with a link to the record.
  let reached = false;
  for (let i = 0; i < 80 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('map-mark-wsparcie'));
  }
  check('Tab reaches a marker', reached);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check('the focused marker has a visible outline', outline !== 'none', outline);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.leaflet-popup-content a', { timeout: 5000 }).catch(() => null);
  const popupLink = await page.getAttribute('.leaflet-popup-content a', 'href').catch(() => null);
  check('Enter opens the popup with a link to the record', Boolean(popupLink && popupLink.startsWith('/wsparcie/')), String(popupLink));
  check('the popup close button speaks Polish',
    (await page.getAttribute('.leaflet-popup-close-button', 'aria-label')) === 'Zamknij opis punktu');

  // The list pages carry their own map of the same filters.
  await page.goto(`${base}/wsparcie?usluga=pozyczki`);
  await ready(page);
  check('/wsparcie: the map shows the listed institutions',
    (await markers(page, 'wsparcie')) === (await page.locator('.institution-card').count()));
  await audit(page, '/wsparcie');
  await page.goto(`${base}/podmioty?q=CISTOR`);
  await ready(page);
  check('/podmioty: the map follows the search', (await panelCount(page, 'pes')) === '1');
  await audit(page, '/podmioty');

  // Without JavaScript the map stays hidden and the list is whole.
  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await plain.goto(`${base}/wsparcie`);
  check('without JavaScript no empty map is shown', !(await plain.isVisible('.map-panel')));
  check('without JavaScript the list is complete', (await plain.locator('.institution-card').count()) === 15);

  // Location picking on the staff form: a click on the map fills the coordinates.
  await signIn(page, base, 'urzednik@pes-tor.example', 'pieczatka-i-teczka-87');
  await page.goto(`${base}/wsparcie/nowa`);
  await page.waitForSelector('fieldset.location .leaflet-container');
  await page.locator('fieldset.location .map-canvas').scrollIntoViewIfNeeded();
  const box = await page.locator('fieldset.location .map-canvas').boundingBox();
  await page.mouse.click(box.x + box.width / 2 + 20, box.y + box.height / 2 + 10);
  const lat = await page.inputValue('#f-lat');
  const lon = await page.inputValue('#f-lon');
  check('a click on the map fills lat and lon', /^5\d\.\d+$/.test(lat) && /^1\d\.\d+$/.test(lon), `${lat} ${lon}`);
  await page.fill('fieldset.location input[type=search]', 'Chełmż');
  await page.waitForSelector('fieldset.location datalist option', { state: 'attached', timeout: 5000 }).catch(() => null);
  const option = await page.getAttribute('fieldset.location datalist option', 'value').catch(() => null);
  check('typing a locality offers suggestions', Boolean(option && option.startsWith('Chełmża')), String(option));
  if (option) {
    await page.fill('fieldset.location input[type=search]', option);
    // Chełmża lies at 53.1867 N, 18.6042 E in the PRNG register.
    await page.waitForFunction(() => document.querySelector('#f-lat').value.startsWith('53.18'), null, { timeout: 5000 }).catch(() => null);
    check('choosing a locality fills its coordinates',
      (await page.inputValue('#f-lat')).startsWith('53.18') && (await page.inputValue('#f-lon')).startsWith('18.60'),
      `${await page.inputValue('#f-lat')} ${await page.inputValue('#f-lon')}`);
  }
  await audit(page, '/wsparcie/nowa');

  check('no Content-Security-Policy violations', cspErrors.length === 0, cspErrors.join('\n     '));
} catch (e) {
  check('journey ran to the end', false, e.stack);
} finally {
  await browser.close();
}
finish();
