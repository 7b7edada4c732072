// One server for the browser benchmarks: the real kit (createLipwa + daraja() against the
// simulator, in process) at /lipwa, the script-tag build at /lipwa.js and /lipwa-parts/*, the Lit
// baseline, and IntaSend's and Paystack's inline loaders from npm. Every page is fresh: no
// service worker, no shared cache between the browser contexts the benchmarks open.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { daraja } from '@lipwa/providers';
import { createLipwa } from '@lipwa/server';
import { startSimulator } from '@lipwa/simulator';
import express from 'express';
import { chromium } from 'playwright-core';
import { baselineBundle } from './baseline-bundle.mjs';

const require = createRequire(import.meta.url);
export const widgetFile = require.resolve('@lipwa/checkout/lipwa.js');
const widgetDir = path.dirname(widgetFile);

/** The peers' inline loaders, as their npm packages ship them for a script tag. */
export const peers = [
  {
    name: 'IntaSend inline (intasend-inlinejs-sdk)',
    package: 'intasend-inlinejs-sdk',
    file: 'build/intasend-inline.js',
  },
  {
    name: 'Paystack inline (@paystack/inline-js)',
    package: '@paystack/inline-js',
    file: 'dist/inline.js',
  },
].map((peer) => {
  const root = path.dirname(require.resolve(`${peer.package}/package.json`));
  const { version } = require(`${peer.package}/package.json`);
  return {
    ...peer,
    version,
    path: path.join(root, peer.file),
    url: `/peers/${peer.package.replace('/', '-')}.js`,
  };
});

// No polling (a busy main thread would delay the very work being timed): once the element is
// defined its open shadow root exists, and a MutationObserver checks the field on each render.
const probe = (tag) => `<script>
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
</script>`;

const page = (title, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

/**
 * `bundle`: another script-tag build to serve as /lipwa.js (to compare two builds in one run).
 * `networkDelayMs`: how late the kit answers pages opened with `?network=slow`.
 */
export async function startBenchServer({ bundle = widgetFile, networkDelayMs = 150 } = {}) {
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
    // Explicit: building the baseline with Vite sets NODE_ENV=production for the whole process.
    environment: 'development',
    allowedOrigins: [origin],
    tokens: { secret: randomBytes(32) },
    logger: quiet,
  });
  const baseline = await baselineBundle();
  const widgetBundle = await readFile(bundle);
  const partsDir = path.join(widgetDir, 'lipwa-parts');
  const parts = new Map();
  for (const file of await readdir(partsDir)) {
    parts.set(file, await readFile(path.join(partsDir, file)));
  }
  let reference = 0;

  app.use('/lipwa', lipwa.router());
  // The same kit behind a slower network: every answer leaves `networkDelayMs` late, as a
  // customer's mobile connection would bring it (the widget page's `?network=slow`).
  app.use('/lipwa-slow', (_req, _res, next) => setTimeout(next, networkDelayMs), lipwa.router());
  app.get('/baseline.js', (_req, res) => res.type('js').send(baseline));
  // From memory, as a warm CDN would answer (no disk read in the timing); the parts too.
  app.get('/lipwa.js', (_req, res) => res.type('js').send(widgetBundle));
  app.get('/lipwa-parts/:file', (req, res) => {
    const part = parts.get(req.params.file);
    if (part) res.type('js').send(part);
    else res.sendStatus(404);
  });
  for (const peer of peers) app.get(peer.url, (_req, res) => res.sendFile(peer.path));
  app.get('/baseline', (_req, res) => {
    res
      .type('html')
      .send(
        page(
          'baseline',
          `${probe('x-baseline')}<x-baseline></x-baseline><script src="/baseline.js"></script>`,
        ),
      );
  });
  // A fresh session for every page, as a merchant's checkout page would mint one.
  app.get('/widget', async (req, res) => {
    reference += 1;
    const { token } = await lipwa.sessions.create({
      amount: 1500,
      currency: 'KES',
      reference: `BENCH${String(reference).padStart(5, '0')}`,
    });
    const locale = req.query.lang === 'sw' ? 'sw' : 'en';
    const apiBase = req.query.network === 'slow' ? '/lipwa-slow' : '/lipwa';
    res
      .type('html')
      .send(
        page(
          'widget',
          `${probe('lipwa-checkout')}<lipwa-checkout session="${token}" api-base="${apiBase}" locale="${locale}"></lipwa-checkout><script src="/lipwa.js"></script>`,
        ),
      );
  });
  app.get('/peer/:index', (req, res) => {
    const peer = peers[Number(req.params.index)];
    res.type('html').send(page(peer.name, `<script src="${peer.url}"></script>`));
  });

  return {
    origin,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await simulator.close();
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-gpu',
    ],
  });
}
