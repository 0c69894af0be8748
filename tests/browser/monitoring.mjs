// The programme's own measurements, run by tests/browser.rs:
//   node tests/browser/monitoring.mjs http://127.0.0.1:PORT
// A member of city staff adds a procurement with two social clauses (the second through the
// "Dodaj kolejną klauzulę" button, without JavaScript doing anything); it then appears in the
// register, in the statistics and in the CSV download. axe-core runs on the register, the
// statistics, the programme and the open-data pages.
import { audit, check, finish, launch, noHorizontalScrollAt320, signIn, watchCsp } from './lib.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node monitoring.mjs BASE_URL');
  process.exit(2);
}
const submit = (page, selector) => Promise.all([page.waitForLoadState('load'), page.click(selector)]);

const browser = await launch();
try {
  const cspErrors = [];
  const open = async () => {
    const page = await (await browser.newContext({ locale: 'pl-PL' })).newPage();
    watchCsp(page, cspErrors);
    return page;
  };

  // 1. What anybody reads: the register, a procurement, the statistics, the programme, open data.
  const visitor = await open();
  const publicPages = [
    ['/klauzule', 'procurement register'],
    ['/klauzule?rok=2013', 'procurement register filtered by year'],
    ['/klauzule/statystyki', 'procurement statistics'],
    ['/program', 'programme indicators'],
    ['/program/wydarzenia', 'programme events'],
    ['/dane', 'open-data catalogue'],
    ['/dane/w-liczbach', 'platform in numbers'],
  ];
  for (const [path, label] of publicPages) {
    const response = await visitor.goto(`${base}${path}`);
    check(`${label} answers 200`, response.status() === 200, `got ${response.status()}`);
    await audit(visitor, label);
    await noHorizontalScrollAt320(visitor, label);
  }
  await visitor.goto(`${base}/klauzule`);
  await Promise.all([visitor.waitForURL(/\/klauzule\/[a-z0-9-]+$/), visitor.locator('main article h3 a, main li h3 a, main table a').first().click()]);
  await audit(visitor, 'procurement page');
  await visitor.goto(`${base}/program`);
  await Promise.all([visitor.waitForURL(/\/program\/wskazniki\/[a-z0-9-]+$/), visitor.locator('main a[href^="/program/wskazniki/"]').first().click()]);
  await audit(visitor, 'indicator page');
  const charts = await visitor.locator('svg.chart[role=img] title').count();
  check('the indicator page draws its progress as a titled chart', charts >= 1, `charts: ${charts}`);

  const statsBefore = await visitor.request.get(`${base}/klauzule/statystyki?format=csv`);
  const csvBefore = await statsBefore.text();

  // 2. Staff add a procurement with two clauses.
  const staff = await open();
  await signIn(staff, base, 'urzednik@pes-tor.example', 'pieczatka-i-teczka-87');
  await staff.goto(`${base}/admin/klauzule/nowe`);
  await audit(staff, 'new procurement form');
  const title = `Przeglądarkowe sprzątanie parków miejskich ${Date.now()}`;
  await staff.fill('#f-reference', 'WGK.271.9.2026');
  await staff.fill('#f-title', title);
  await staff.selectOption('#f-kind', 'uslugi');
  await staff.selectOption('#f-act', 'pzp-2019');
  await staff.selectOption('#f-procedure', 'tryb-podstawowy');
  await staff.selectOption('#f-threshold', 'ponizej-progu');
  await staff.fill('#f-bzp_number', '2026/BZP 00123456/01');
  await staff.fill('#f-unit', 'Wydział Gospodarki Komunalnej');
  await staff.fill('#f-estimated_value', '98 400,00');
  await staff.fill('#f-contract_value', '95 000,00');
  await staff.fill('#f-notice_date', '2026-03-02');
  await staff.fill('#f-contract_date', '2026-04-01');
  await staff.fill('#f-contractor_name', 'Spółdzielnia Socjalna „Zielony Toruń”');
  await staff.check('#f-contractor_pes');
  await staff.selectOption('#f-status', 'udzielone');
  await staff.selectOption('#f-clause_1_basis', 'pzp2019-art-95');
  await staff.selectOption('#f-clause_1_group', 'pracownicy');
  await staff.fill('#f-clause_1_percent', '100');
  await staff.fill('#f-clause_1_months', '12');
  await submit(staff, 'button[name=akcja]:not([value=zapisz])');
  check('another clause fieldset appears', await staff.locator('#f-clause_2_basis').count() === 1);
  check('what was typed is kept', (await staff.inputValue('#f-title')) === title
    && (await staff.inputValue('#f-clause_1_percent')) === '100');
  await staff.selectOption('#f-clause_2_basis', 'pzp2019-art-96-2-2-a');
  await staff.selectOption('#f-clause_2_group', 'bezrobotni');
  await staff.fill('#f-clause_2_people', '2');
  await staff.fill('#f-clause_2_months', '12');
  await audit(staff, 'procurement form with two clauses');
  await submit(staff, 'button[name=akcja][value=zapisz]');
  const saved = await staff.textContent('main');
  check('the procurement is saved with both clauses',
    saved.includes(title) && saved.includes('art. 95') && saved.includes('art. 96 ust. 2 pkt 2 lit. a'),
    `${staff.url()} ${saved.includes('Popraw') ? saved.replace(/\s+/g, ' ').slice(0, 600) : ''}`);

  // 3. It is counted in the statistics and listed in the CSV downloads.
  const statsAfter = await visitor.request.get(`${base}/klauzule/statystyki?format=csv`);
  const csvAfter = await statsAfter.text();
  check('the statistics CSV changed', csvAfter !== csvBefore);
  check('the statistics count a 2026 procurement', /^\uFEFF?[\s\S]*2026/m.test(csvAfter));
  await visitor.goto(`${base}/klauzule/statystyki`);
  check('the statistics page shows the year of the new procurement', (await visitor.textContent('main')).includes('2026'));
  const register = await visitor.request.get(`${base}/api/v1/procurements?format=csv&per_page=100`);
  const registerCsv = await register.text();
  check('the register CSV lists the new procurement with its two bases',
    registerCsv.includes(title) && registerCsv.includes('art. 95; art. 96 ust. 2 pkt 2 lit. a'),
    registerCsv.split('\n').find((l) => l.includes('Przeglądarkowe')) || 'row missing');

  check('no Content-Security-Policy violations', cspErrors.length === 0, cspErrors.join('\n'));
} finally {
  await browser.close();
}
finish();
