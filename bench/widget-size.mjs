// What a visitor downloads, measured in headless Chromium: every script response (gzip -9 of its
// body, as a server compressing at level 9 would send it) until the phone field is enabled, in
// each language; then everything the widget can ever load: a payment to success in English and
// in Swahili, then the other language switched on, the union of every script fetched. Printed
// beside IntaSend's and Paystack's inline loaders (from npm, loaded on a page of their own in
// the same run) and the Lit baseline.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser, peers, startBenchServer, widgetFile } from './bench-server.mjs';

const INITIAL_BUDGET = 12.5 * 1024;
const TOTAL_BUDGET = 17 * 1024;
const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`.padStart(9);

/** A fresh context recording the body of every script response, by URL. */
async function recordingPage(browser) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const scripts = new Map();
  const pending = [];
  tab.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    pending.push(
      response.body().then(
        (body) => scripts.set(response.url(), body),
        () => undefined,
      ),
    );
  });
  const sum = async (urls = [...scripts.keys()]) => {
    await Promise.all(pending);
    return urls.reduce((total, url) => total + gz(scripts.get(url) ?? Buffer.alloc(0)), 0);
  };
  return { context, tab, scripts, sum, settled: () => Promise.all(pending) };
}

/** Scripts requested before the phone field was enabled (Resource Timing). */
async function untilInteractive(tab) {
  return tab.evaluate(async () => {
    const ready = await window.__ready;
    const scripts = () =>
      performance.getEntriesByType('resource').filter((entry) => /\.js(\?|$)/.test(entry.name));
    // A request still in flight at `ready` has no entry yet: wait for every one to end.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return scripts()
      .filter((entry) => entry.startTime <= ready)
      .map((entry) => entry.name);
  });
}

const server = await startBenchServer();
const browser = await launchBrowser();
try {
  const initial = {};
  const everything = new Map();
  for (const [lang, other] of [
    ['en', 'sw'],
    ['sw', 'en'],
  ]) {
    const { context, tab, scripts, sum, settled } = await recordingPage(browser);
    await tab.goto(`${server.origin}/widget?lang=${lang}`);
    const first = await untilInteractive(tab);
    initial[lang] = { bytes: await sum(first), files: first.length };
    // Every state a paid checkout passes through, then the other language on the same page.
    const widget = tab.locator('lipwa-checkout');
    await widget.locator('input[type="tel"]').fill('0711 000 000');
    await widget.locator('button[type="submit"]').click();
    await tab.waitForFunction(() => document.querySelector('lipwa-checkout')?.state === 'success');
    await widget.evaluate((element, locale) => element.setAttribute('locale', locale), other);
    await tab.waitForFunction(
      (locale) =>
        document.querySelector('lipwa-checkout')?.shadowRoot?.querySelector(`[lang="${locale}"]`),
      other,
    );
    await settled();
    for (const [url, body] of scripts) everything.set(new URL(url).pathname, body);
    await context.close();
  }
  const total = [...everything.values()].reduce((sum, body) => sum + gz(body), 0);
  const built = [
    'lipwa.js',
    ...(await readdir(path.join(path.dirname(widgetFile), 'lipwa-parts'))).map(
      (file) => `lipwa-parts/${file}`,
    ),
  ];
  const neverLoaded = built.filter((file) => !everything.has(`/${file}`));

  const peerSizes = [];
  for (const [index, peer] of peers.entries()) {
    const { context, tab, sum } = await recordingPage(browser);
    await tab.goto(`${server.origin}/peer/${index}`, { waitUntil: 'networkidle' });
    peerSizes.push({ ...peer, bytes: await sum() });
    await context.close();
  }
  const baseline = await recordingPage(browser);
  await baseline.tab.goto(`${server.origin}/baseline`);
  await untilInteractive(baseline.tab);
  const baselineBytes = await baseline.sum();
  await baseline.context.close();

  const met = (bytes, budget) => (bytes <= budget ? 'within' : 'OVER');
  console.log('JavaScript downloaded, gzip -9 of each script response (headless Chromium)');
  console.log(
    '                                              before the field is usable   everything',
  );
  for (const lang of ['en', 'sw']) {
    const { bytes, files } = initial[lang];
    console.log(
      `  <lipwa-checkout>, ${lang === 'en' ? 'English' : 'Swahili'} visitor          ${kb(bytes)} (${files} file${files === 1 ? '' : 's'})`,
    );
  }
  console.log(
    `  <lipwa-checkout>, every state, both languages                          ${kb(total)} (${everything.size} files)`,
  );
  for (const peer of peerSizes) {
    console.log(
      `  ${`${peer.name} ${peer.version}`.padEnd(44)}${kb(peer.bytes)}  (its checkout then loads in an iframe)`,
    );
  }
  console.log(`  ${'baseline: Lit + one input'.padEnd(44)}${kb(baselineBytes)}`);
  console.log(
    `  budget                                      ${kb(INITIAL_BUDGET)} ${met(Math.max(initial.en.bytes, initial.sw.bytes), INITIAL_BUDGET)}        ${kb(TOTAL_BUDGET)} ${met(total, TOTAL_BUDGET)}`,
  );
  if (neverLoaded.length) console.log(`  built but never loaded: ${neverLoaded.join(', ')}`);
} finally {
  await browser.close();
  await server.close();
}
