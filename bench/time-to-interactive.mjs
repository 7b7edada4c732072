// Time from "script loaded" to "the phone field is in the shadow root and enabled", in headless
// Chromium, against a baseline measured in the same run: Lit alone rendering one labelled input.
// The widget's figure includes its GET /lipwa/session to the real kit (in process, provider =
// the simulator), which is split out. Medians of RUNS fresh pages each, interleaved.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { daraja } from '@lipwa/providers';
import { createLipwa } from '@lipwa/server';
import { startSimulator } from '@lipwa/simulator';
import express from 'express';
import { chromium } from 'playwright-core';
import { baselineBundle } from './baseline-bundle.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = 3;
const require = createRequire(import.meta.url);
const widgetBundle = await readFile(require.resolve('@lipwa/checkout/lipwa.js'));

// No polling (a busy main thread would delay the very work being timed): once the element is
// defined its open shadow root exists, and a MutationObserver checks the field on each render.
const probe = (tag, script) => `<script>
window.__ready = new Promise((resolve) => {
  const ready = (root) => {
    const input = root.querySelector('input');
    return Boolean(input) && !input.disabled;
  };
  customElements.whenDefined('${tag}').then(() => {
    const root = document.querySelector('${tag}').shadowRoot;
    if (ready(root)) return resolve(performance.now());
    const observer = new MutationObserver(() => {
      if (!ready(root)) return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true });
  });
});
</script>
${script}`;

const page = (title, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

const simulator = await startSimulator();
const app = express();
const server = createServer(app);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const quiet = { info() {}, warn() {}, error() {} };
const lipwa = createLipwa({
  providers: [daraja({ ...simulator.daraja })],
  publicUrl: `${origin}/lipwa`,
  merchantName: 'Bench Shop',
  allowedOrigins: [origin],
  tokens: { secret: randomBytes(32) },
  logger: quiet,
});
const baseline = await baselineBundle();
let reference = 0;

app.use('/lipwa', lipwa.router());
app.get('/baseline.js', (_req, res) => res.type('js').send(baseline));
app.get('/lipwa.js', (_req, res) => res.type('js').send(widgetBundle));
app.get('/baseline', (_req, res) => {
  res
    .type('html')
    .send(
      page(
        'baseline',
        probe('x-baseline', '<x-baseline></x-baseline><script src="/baseline.js"></script>'),
      ),
    );
});
// A fresh session for every page, as a merchant's checkout page would mint one.
app.get('/widget', async (_req, res) => {
  reference += 1;
  const { token } = await lipwa.sessions.create({
    amount: 1500,
    currency: 'KES',
    reference: `BENCH${String(reference).padStart(5, '0')}`,
  });
  res
    .type('html')
    .send(
      page(
        'widget',
        probe(
          'lipwa-checkout',
          `<lipwa-checkout session="${token}" api-base="/lipwa"></lipwa-checkout><script src="/lipwa.js"></script>`,
        ),
      ),
    );
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-gpu',
  ],
});

/** One fresh context and page (no HTTP cache); times in ms from the bundle's responseEnd. */
async function measure(pathname, bundle) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`${origin}${pathname}`);
  const timing = await tab.evaluate(async (bundleName) => {
    const ready = await window.__ready;
    const entries = performance.getEntriesByType('resource');
    const script = entries.find((entry) => entry.name.endsWith(bundleName));
    const session = entries.find((entry) => new URL(entry.name).pathname === '/lipwa/session');
    return {
      tti: ready - script.responseEnd,
      session: session ? session.responseEnd - session.startTime : 0,
      // From the script loaded to the session request leaving: parsing, defining, first render.
      toSession: session ? session.startTime - script.responseEnd : 0,
      // From the session answer to the enabled field: the second render.
      afterSession: session ? ready - session.responseEnd : 0,
    };
  }, bundle);
  await context.close();
  return timing;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

try {
  const runs = { baseline: [], widget: [], session: [], toSession: [], afterSession: [] };
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const base = await measure('/baseline', '/baseline.js');
    const widget = await measure('/widget', '/lipwa.js');
    if (run < WARMUP) continue;
    runs.baseline.push(base.tti);
    runs.widget.push(widget.tti);
    runs.session.push(widget.session);
    runs.toSession.push(widget.toSession);
    runs.afterSession.push(widget.afterSession);
  }
  const ms = (value) => `${value.toFixed(1)} ms`.padStart(9);
  const baselineMs = median(runs.baseline);
  const widgetMs = median(runs.widget);
  const sessionMs = median(runs.session);
  console.log(
    `time to interactive field, script loaded -> enabled input (median of ${RUNS}, headless Chromium, ${cpus().length} cores)`,
  );
  console.log(`  baseline: Lit + one input      ${ms(baselineMs)}`);
  console.log(`  <lipwa-checkout>               ${ms(widgetMs)}`);
  console.log(`    script loaded -> request out ${ms(median(runs.toSession))}`);
  console.log(`    GET /lipwa/session           ${ms(sessionMs)}`);
  console.log(`    answer -> enabled field      ${ms(median(runs.afterSession))}`);
  console.log(`    without the session fetch    ${ms(widgetMs - sessionMs)}`);
  console.log(`  ratio widget / baseline        ${(widgetMs / baselineMs).toFixed(2)}x`);
  console.log(
    `  widget p90                     ${ms(runs.widget.sort((a, b) => a - b)[Math.floor(RUNS * 0.9)])}`,
  );
} finally {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  await simulator.close();
}
