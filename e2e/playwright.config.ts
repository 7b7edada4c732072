import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { clusterAUrl, clusterServer, clusterSpecs } from './cluster-shop.js';
import { ports } from './ports.js';
import {
  partsShopServer,
  partsShopUrl,
  partsSpecs,
  providersShopServer,
  providersShopUrl,
  providersSpecs,
  widgetShopServer,
  widgetShopUrl,
  widgetSpecs,
} from './widget-shop.js';

/** Free ports chosen once per run (see ports.ts), so a server left running elsewhere cannot clash. */
export const shopPort = ports.shop;
export const simulatorPort = ports.simulator;
/** The Vite + React SPA (apps/spa), served by `vite preview`, proxying /lipwa to the shop. */
export const spaPort = ports.spa;
/** The webpack build of the npm package (apps/webpack-demo), proxying /lipwa to the shop. */
export const webpackDemoPort = ports.webpackDemo;

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  fullyParallel: true,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${shopPort}`,
    browserName: 'chromium',
    // Playwright cannot download browsers here: drive Debian's Chromium.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-gpu',
      ],
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'shop', testIgnore: [widgetSpecs, partsSpecs, providersSpecs, clusterSpecs] },
    { name: 'widget', testMatch: widgetSpecs, use: { baseURL: widgetShopUrl } },
    { name: 'parts', testMatch: partsSpecs, use: { baseURL: partsShopUrl } },
    { name: 'providers', testMatch: providersSpecs, use: { baseURL: providersShopUrl } },
    {
      name: 'cluster',
      testMatch: clusterSpecs,
      use: { baseURL: clusterAUrl },
      // Two pages on two instances, a callback and a webhook crossing between them: on a loaded
      // 2-core machine each step takes seconds (the test took 23 s at a load average of 14, 60 s
      // at 32-35).
      timeout: 90_000,
      expect: { timeout: 20_000 },
    },
  ],
  webServer: [
    {
      command: 'node ../apps/shop/dist/main.js',
      url: `http://127.0.0.1:${shopPort}/`,
      reuseExistingServer: !process.env.CI,
      // Generous: on a loaded 2-core machine `vite preview` alone took 29 s to answer.
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(shopPort),
        SIMULATOR_PORT: String(simulatorPort),
        // Magic numbers answer after 2 s: long enough for the suites to see "Check your phone"
        // even on a loaded CI machine and a cold first page (at 0.4 s, and once at 1.2 s on the
        // run's first test, the receipt came first); a lost callback is found by the first
        // status query, kept 1.5 s after the answer so it finds the payment settled.
        SIMULATOR_DELAY_MS: '2000',
        LIPWA_FIRST_QUERY_MS: '3500',
        NODE_ENV: 'development',
        // The suites pay with the same magic numbers many times: no per-phone prompt limits.
        LIPWA_PHONE_LIMITS: 'off',
        // A fresh journal for each run of the suite.
        LIPWA_DATA_DIR: path.join(tmpdir(), `lipwa-e2e-${process.pid}`),
        LIPWA_EXTRA_ORIGINS: `http://127.0.0.1:${spaPort},http://127.0.0.1:${webpackDemoPort}`,
      },
    },
    {
      command: `npm run preview -w @lipwa/spa -- --port ${spaPort} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${spaPort}/`,
      reuseExistingServer: !process.env.CI,
      // Generous: on a loaded 2-core machine `vite preview` alone took 29 s to answer.
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { LIPWA_SHOP_URL: `http://127.0.0.1:${shopPort}` },
    },
    {
      command: 'node ../apps/webpack-demo/serve.js',
      url: `http://127.0.0.1:${webpackDemoPort}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { PORT: String(webpackDemoPort), LIPWA_SHOP_URL: `http://127.0.0.1:${shopPort}` },
    },
    widgetShopServer,
    partsShopServer,
    providersShopServer,
    clusterServer,
  ],
});
