// What every browser journey of PES-TOR shares: a check counter, axe-core (WCAG 2.1 A/AA and
// best-practice rules), the 320 px reflow check, signing in, and launching Debian's Chromium.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const results = { passed: 0, failed: 0 };

export function check(name, ok, detail = '') {
  if (ok) {
    results.passed += 1;
    console.log(`ok   ${name}`);
  } else {
    results.failed += 1;
    console.log(`FAIL ${name} ${detail}`);
  }
}

async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

export async function audit(page, label) {
  const violations = await axeViolations(page);
  check(`axe: ${label}`, violations.length === 0, violations.join('\n     '));
}

export async function noHorizontalScrollAt320(page, label) {
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(`reflow at 320 px: ${label}`, overflow <= 1, `overflows by ${overflow}px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

export async function signIn(page, base, email, password) {
  await page.goto(`${base}/konto/logowanie`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL(/\/konto$/), page.click('form.form button[type=submit]')]);
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/// Collects Content-Security-Policy violations reported on the console of `page`.
export function watchCsp(page, into) {
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/.test(msg.text())) into.push(msg.text());
  });
}

export function finish() {
  console.log(`browser: ${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed === 0 ? 0 : 1);
}
