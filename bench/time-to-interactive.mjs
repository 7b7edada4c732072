// Time from "script loaded" to "the phone field is in the shadow root and enabled", and to the
// page's first contentful paint (the field on screen), in headless Chromium, against a baseline
// measured in the same run: Lit alone rendering one labelled input.
// The widget asks the real kit (in process, provider = the simulator) for its session; the field
// takes the number before the answer, so the session request is timed beside it, not in it. A
// third page has the kit answer NETWORK_DELAY_MS late, as a customer's mobile network would.
// Medians of RUNS fresh pages each, interleaved. WIDGET_BUNDLE=<path> times another build of
// lipwa.js (an older commit's, to compare).

import { cpus } from 'node:os';
import { launchBrowser, startBenchServer } from './bench-server.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = 3;
const NETWORK_DELAY_MS = Number(process.env.NETWORK_DELAY_MS ?? 150);
const server = await startBenchServer({
  networkDelayMs: NETWORK_DELAY_MS,
  ...(process.env.WIDGET_BUNDLE ? { bundle: process.env.WIDGET_BUNDLE } : {}),
});
const origin = server.origin;
const browser = await launchBrowser();

/** One fresh context and page (no HTTP cache); times in ms from the bundle's responseEnd. */
async function measure(pathname, bundle) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`${origin}${pathname}`);
  const timing = await tab.evaluate(
    async ({ bundleName, withSession }) => {
      const ready = await window.__ready;
      const sessionEntry = () =>
        performance
          .getEntriesByType('resource')
          .find((entry) => new URL(entry.name).pathname.endsWith('/session'));
      // The field may be usable before the session's answer: wait for it, outside the timing.
      while (withSession && !sessionEntry())
        await new Promise((resolve) => setTimeout(resolve, 10));
      const script = performance
        .getEntriesByType('resource')
        .find((entry) => entry.name.endsWith(bundleName));
      const session = sessionEntry();
      // The page's first contentful paint is the field on screen (the page has nothing else):
      // the browser's own paint time, read after the fact, so waiting for it times nothing.
      const painted = await new Promise((resolve) => {
        new PerformanceObserver((list, observer) => {
          const paint = list.getEntriesByName('first-contentful-paint')[0];
          if (!paint) return;
          observer.disconnect();
          resolve(paint.startTime);
        }).observe({ type: 'paint', buffered: true });
      });
      return {
        tti: ready - script.responseEnd,
        painted: painted - script.responseEnd,
        session: session ? session.responseEnd - session.startTime : 0,
        // From the script loaded to the session request leaving: parsing, defining, first render.
        toSession: session ? session.startTime - script.responseEnd : 0,
        // From the session answer to the enabled field: negative when the field came first.
        afterSession: session ? ready - session.responseEnd : 0,
      };
    },
    { bundleName: bundle, withSession: pathname.startsWith('/widget') },
  );
  await context.close();
  return timing;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

try {
  const runs = {
    baseline: [],
    widget: [],
    baselinePainted: [],
    widgetPainted: [],
    slowPainted: [],
    session: [],
    toSession: [],
    afterSession: [],
    slow: [],
    slowSession: [],
  };
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const base = await measure('/baseline', '/baseline.js');
    const widget = await measure('/widget', '/lipwa.js');
    const slow = await measure('/widget?network=slow', '/lipwa.js');
    if (run < WARMUP) continue;
    runs.baseline.push(base.tti);
    runs.widget.push(widget.tti);
    runs.baselinePainted.push(base.painted);
    runs.widgetPainted.push(widget.painted);
    runs.slowPainted.push(slow.painted);
    runs.session.push(widget.session);
    runs.toSession.push(widget.toSession);
    runs.afterSession.push(widget.afterSession);
    runs.slow.push(slow.tti);
    runs.slowSession.push(slow.session);
  }
  const ms = (value) => `${value.toFixed(1)} ms`.padStart(9);
  const baselineMs = median(runs.baseline);
  const widgetMs = median(runs.widget);
  const sessionMs = median(runs.session);
  console.log(
    `time to interactive field, script loaded -> enabled input (median of ${RUNS}, headless Chromium, ${cpus().length} cores)${process.env.WIDGET_BUNDLE ? `, lipwa.js from ${process.env.WIDGET_BUNDLE}` : ''}`,
  );
  console.log(`  baseline: Lit + one input      ${ms(baselineMs)}`);
  console.log(`  <lipwa-checkout>               ${ms(widgetMs)}`);
  console.log(`    script loaded -> request out ${ms(median(runs.toSession))}`);
  console.log(`    GET /lipwa/session           ${ms(sessionMs)}`);
  console.log(`    answer -> enabled field      ${ms(median(runs.afterSession))}`);
  console.log(`  ratio widget / baseline        ${(widgetMs / baselineMs).toFixed(2)}x`);
  console.log(
    `  widget p90                     ${ms(runs.widget.sort((a, b) => a - b)[Math.floor(RUNS * 0.9)])}`,
  );
  const basePaintMs = median(runs.baselinePainted);
  console.log('  field painted (first contentful paint of the page):');
  console.log(`    baseline                     ${ms(basePaintMs)}`);
  console.log(`    <lipwa-checkout>             ${ms(median(runs.widgetPainted))}`);
  console.log(
    `    ratio widget / baseline      ${(median(runs.widgetPainted) / basePaintMs).toFixed(2)}x`,
  );
  console.log(`  the kit answering ${NETWORK_DELAY_MS} ms late (a mobile network):`);
  console.log(`    <lipwa-checkout>             ${ms(median(runs.slow))}`);
  console.log(`    GET session                  ${ms(median(runs.slowSession))}`);
  console.log(`    ratio widget / baseline      ${(median(runs.slow) / baselineMs).toFixed(2)}x`);
  console.log(`    field painted                ${ms(median(runs.slowPainted))}`);
  console.log(
    `    ratio painted / baseline's   ${(median(runs.slowPainted) / basePaintMs).toFixed(2)}x`,
  );
} finally {
  await browser.close();
  await server.close();
}
