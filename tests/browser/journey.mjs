// The directory and accounts journey with accessibility checks, run by tests/browser.rs:
//   node tests/browser/journey.mjs http://127.0.0.1:PORT
// Drives Debian's Chromium with playwright-core and runs axe-core (WCAG 2.1 A/AA rules) on every
// public page it visits. Prints one line per check and a closing "N passed, N failed" line.
import { audit, check, finish, launch, noHorizontalScrollAt320, signIn as signInAt, watchCsp } from './lib.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node journey.mjs BASE_URL');
  process.exit(2);
}
const signIn = (page, email, password) => signInAt(page, base, email, password);

const browser = await launch();
try {
  const context = await browser.newContext({ javaScriptEnabled: true, locale: 'pl-PL' });
  const page = await context.newPage();
  const cspErrors = [];
  watchCsp(page, cspErrors);

  // 1. The start page.
  await page.goto(`${base}/`);
  check('start page title', (await page.title()).includes('PES-TOR'));
  check('demo banner visible', await page.getByText('Dane demonstracyjne.').isVisible());
  await audit(page, 'start page');
  await noHorizontalScrollAt320(page, 'start page');

  // 2. The skip link is the first thing the keyboard reaches and moves focus to the content.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
  check('skip link first in tab order', focused === 'Przejdź do treści', focused);

  // 3. Search from the start page.
  await page.fill('#hero-q', 'fundacja');
  await Promise.all([page.waitForURL(/\/podmioty\?q=fundacja/), page.click('.hero-search button')]);
  const heading = await page.textContent('#results-title');
  check('search shows a result count', /Znaleziono \d+/.test(heading), heading);
  await audit(page, 'search results');
  await noHorizontalScrollAt320(page, 'search results');

  // 4. Follow a facet link (a district).
  const facet = page.locator('details.facet').filter({ hasText: 'Osiedle' }).locator('a').first();
  await page.locator('details.facet', { hasText: 'Osiedle' }).locator('summary').click();
  const facetLabel = (await facet.textContent()).trim().split('(')[0].trim();
  await Promise.all([page.waitForURL(/osiedle=/), facet.click()]);
  const filters = await page.textContent('.active-filters');
  check('facet becomes an active filter', filters.includes(facetLabel), `${facetLabel} / ${filters}`);
  await audit(page, 'search with facet');

  // 5. Open a profile.
  const first = page.locator('.org-card h3 a').first();
  const name = (await first.textContent()).trim();
  await Promise.all([page.waitForURL(/\/podmioty\/[a-z0-9-]+$/), first.click()]);
  check('profile shows the organisation', (await page.textContent('h1')).trim() === name, name);
  check('profile shows last update', await page.getByText('Ostatnia aktualizacja').isVisible());
  await audit(page, 'profile');
  await noHorizontalScrollAt320(page, 'profile');

  // 6. The full list with pagination, and the information pages.
  for (const [path, label] of [
    ['/podmioty', 'directory'],
    ['/podmioty?page=3&sort=aktualizacja', 'directory page 3'],
    ['/deklaracja-dostepnosci', 'accessibility declaration'],
    ['/prywatnosc', 'privacy notice'],
    ['/o-platformie', 'about (easy to read)'],
    ['/regulamin', 'terms'],
    ['/nie-ma-takiej-strony', '404 page'],
    ['/podmioty?forma=nieznana', '400 page'],
    ['/konto/logowanie', 'log-in form'],
    ['/konto/rejestracja', 'registration form'],
    ['/konto/haslo', 'password reset form'],
  ]) {
    await page.goto(`${base}${path}`);
    await audit(page, label);
  }

  // 7. A registration form sent with mistakes comes back with the fields marked, and passes axe.
  await page.goto(`${base}/konto/rejestracja`);
  await page.fill('#f-name', 'A');
  await page.fill('#f-email', 'to-nie-jest-email');
  await Promise.all([page.waitForLoadState('load'), page.click('form.form button[type=submit]')]);
  check('registration errors are summarised', await page.locator('.error-summary').isVisible());
  await audit(page, 'registration form with errors');

  // 8. Everything works without JavaScript: search and a facet.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto(`${base}/podmioty`);
  await plain.fill('#q', 'stowarzyszenie');
  await Promise.all([plain.waitForURL(/q=stowarzyszenie/), plain.click('.search-form button')]);
  check('search works without JavaScript', /Znaleziono \d+/.test(await plain.textContent('#results-title')));
  await noJs.close();


  // 9. A PES representative registers, confirms the address (the link is read from the outbox by
  //    the demo administrator, as on a laptop without mail), claims an organisation, staff
  //    approve, the representative edits the profile and the directory shows the change.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin@pes-tor.example', 'ratusz-staromiejski-2013');
  for (const [path, label] of [['/admin', 'admin dashboard'], ['/admin/uzytkownicy', 'admin users'],
    ['/admin/ustawienia', 'admin settings'], ['/admin/dziennik', 'audit log'], ['/admin/poczta', 'outbox'],
    ['/admin/moderacja', 'moderation queue'], ['/konto', 'account page']]) {
    await admin.goto(`${base}${path}`);
    await audit(admin, label);
  }

  const pes = await (await browser.newContext()).newPage();
  const email = `nowa.osoba.${Date.now()}@example.pl`;
  await pes.goto(`${base}/konto/rejestracja`);
  await pes.check('#f-role-pes');
  await pes.fill('#f-name', 'Nowa Przedstawicielka');
  await pes.fill('#f-email', email);
  await pes.fill('#f-password', 'rower nad Drwęcą 2026');
  await pes.fill('#f-password_repeat', 'rower nad Drwęcą 2026');
  await pes.check('#f-terms');
  await Promise.all([pes.waitForLoadState('load'), pes.click('form.form button[type=submit]')]);
  check('registration asks to check the mailbox', (await pes.textContent('h1')).includes('Sprawdź skrzynkę'));
  await audit(pes, 'check your mailbox');

  await admin.goto(`${base}/admin/poczta`);
  await Promise.all([admin.waitForURL(/\/admin\/poczta\/\d+/), admin.locator('table a', { hasText: 'Potwierdź' }).first().click()]);
  await audit(admin, 'a mail in the outbox');
  const verifyLink = await admin.locator('a[href*="/konto/weryfikacja?token="]').first().getAttribute('href');
  check('verification link found in the outbox', Boolean(verifyLink), verifyLink);
  await pes.goto(verifyLink.replace(/^https?:\/\/[^/]+/, base));
  check('address confirmed', (await pes.textContent('h1')).includes('potwierdzony'));
  await signIn(pes, email, 'rower nad Drwęcą 2026');
  await audit(pes, 'account page (PES)');

  await pes.goto(`${base}/podmioty?q=alma`);
  await Promise.all([pes.waitForURL(/\/podmioty\/[a-z0-9-]+$/), pes.locator('.org-card h3 a').first().click()]);
  const profileUrl = pes.url();
  await Promise.all([pes.waitForURL(/reprezentacja$/), pes.click('text=Reprezentuję tę organizację')]);
  await audit(pes, 'claim form');
  await pes.fill('#f-message', 'Jestem członkinią zarządu fundacji.');
  await Promise.all([pes.waitForLoadState('load'), pes.click('form.form button[type=submit]')]);

  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, 'urzednik@pes-tor.example', 'pieczatka-i-teczka-87');
  await staff.goto(`${base}/admin/moderacja`);
  const item = staff.locator('.queue-item', { hasText: 'Nowa Przedstawicielka' });
  await Promise.all([staff.waitForURL(/decyzja=/), item.locator('button', { hasText: 'Zatwierdź' }).click()]);
  check('staff approved the claim', (await staff.textContent('.notice')).includes('zapisana'));

  await pes.goto(profileUrl);
  await Promise.all([pes.waitForURL(/edycja$/), pes.click('text=Edytuj dane organizacji')]);
  await audit(pes, 'organisation edit form');
  await pes.fill('#f-phone', '56 611 22 33');
  await Promise.all([pes.waitForURL(/zapisano=1/), pes.click('form.org-form button[type=submit]')]);
  check('profile shows the new phone', (await pes.textContent('.profile')).includes('56 611 22 33'));
  const api = await (await pes.request.get(`${base}/api/v1/organizations?q=alma`)).json();
  check('directory shows the change', api.items.some((i) => i.phone === '56 611 22 33'), JSON.stringify(api.items.map((i) => i.phone)));

  // A logo sent from the edit page, as a browser sends a multipart form without JavaScript:
  // first without its description (the form comes back marked), then with it.
  const logo = { name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGM4oaEBRwzEcQDRQxGBSNLB6wAAAABJRU5ErkJggg==', 'base64') };
  await pes.goto(`${profileUrl}/edycja`);
  await pes.setInputFiles('#f-zdjecie', logo);
  await pes.evaluate(() => document.querySelector('#f-opis').removeAttribute('required'));
  await Promise.all([pes.waitForLoadState('load'), pes.click('form.photo-upload button[type=submit]')]);
  check('a logo without a description is refused', (await pes.textContent('.photo-manager')).includes('Opisz, co przedstawia zdjęcie'));
  await audit(pes, 'logo form with an error');
  await pes.setInputFiles('#f-zdjecie', logo);
  await pes.fill('#f-opis', 'Logo: czerwony kwadrat');
  await Promise.all([pes.waitForURL(/logo=zapisane/), pes.click('form.photo-upload button[type=submit]')]);
  check('the logo is saved', (await pes.textContent('.photo-manager .notice')).includes('Logo zostało zapisane'));
  await pes.goto(profileUrl);
  check('the profile shows the logo', (await pes.getAttribute('.org-logo img', 'alt')) === 'Logo: czerwony kwadrat');

  check('no Content-Security-Policy violations', cspErrors.length === 0, cspErrors.join('\n'));
} catch (error) {
  check('journey ran to the end', false, String(error?.stack || error));
} finally {
  await browser.close();
}
finish();
