import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';
import { widgetShopServer, widgetShopUrl } from './widget-shop.js';

/**
 * `npm run screenshots` (from the root): every widget state × light/dark × desktop/mobile × each
 * language, written to docs/screenshots. Not part of `npm test`.
 */
export default defineConfig({
  testDir: './screenshots',
  globalSetup: base.globalSetup,
  fullyParallel: true,
  workers: 2,
  timeout: 60_000,
  expect: base.expect,
  retries: 0,
  reporter: [['list']],
  use: { ...base.use, baseURL: widgetShopUrl, trace: 'off' },
  // The same demo shop the widget suites drive (see widget-shop.ts and playwright.config.ts).
  webServer: widgetShopServer,
});
