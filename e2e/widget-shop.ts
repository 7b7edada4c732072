import { tmpdir } from 'node:os';
import path from 'node:path';
import { ports } from './ports.js';

/**
 * A second demo shop (with its own simulator) for the widget's state, CSP and reload suites.
 * The kit limits payment starts to 30 a minute per client address, and every browser here is
 * 127.0.0.1: a shop of their own keeps these suites and the shop suites inside that budget.
 */
export const widgetShopPort = ports.widgetShop;
export const widgetSimulatorPort = ports.widgetSimulator;
export const widgetShopUrl = `http://127.0.0.1:${widgetShopPort}`;
export const widgetSimulatorUrl = `http://127.0.0.1:${widgetSimulatorPort}`;

/** The spec files that drive the widget shop (a Playwright project of their own). */
export const widgetSpecs = /(widget-states|csp|reload)\.spec\.ts$/;

export const widgetShopServer = {
  command: 'node ../apps/shop/dist/main.js',
  url: `${widgetShopUrl}/`,
  reuseExistingServer: !process.env.CI,
  timeout: 120_000,
  stdout: 'ignore',
  stderr: 'pipe',
  env: {
    PORT: String(widgetShopPort),
    SIMULATOR_PORT: String(widgetSimulatorPort),
    // Magic numbers settle after 0.4 s; a lost callback is found by the first status query.
    SIMULATOR_DELAY_MS: '400',
    LIPWA_FIRST_QUERY_MS: '1500',
    NODE_ENV: 'development',
    // The suites pay with the same magic numbers many times: no per-phone prompt limits.
    LIPWA_PHONE_LIMITS: 'off',
    LIPWA_DATA_DIR: path.join(tmpdir(), `lipwa-e2e-widget-${process.pid}`),
  },
} as const;

/** A shop like the widget shop with ports, a data directory and settings of its own. */
function anotherShopServer(
  name: string,
  shopPort: number,
  simulatorPort: number,
  env: Record<string, string> = {},
) {
  return {
    ...widgetShopServer,
    url: `http://127.0.0.1:${shopPort}/`,
    env: {
      ...widgetShopServer.env,
      PORT: String(shopPort),
      SIMULATOR_PORT: String(simulatorPort),
      LIPWA_DATA_DIR: path.join(tmpdir(), `lipwa-e2e-${name}-${process.pid}`),
      ...env,
    },
  };
}

/**
 * A third shop offering every provider at once (the widget shows its method picker), each on
 * its own simulator: the providers suite pays on each of them in real Chromium.
 */
export const providersShopPort = ports.providersShop;
export const providersSimulatorPort = ports.providersSimulator;
export const providersShopUrl = `http://127.0.0.1:${providersShopPort}`;
export const providersSpecs = /providers\.spec\.ts$/;

export const providersShopServer = anotherShopServer(
  'providers',
  providersShopPort,
  providersSimulatorPort,
  {
    LIPWA_PROVIDERS: 'daraja,cashfin,gateway,payment-apps,cashpay',
  },
);

/**
 * A fourth shop for the lazy-parts suite (a CDN, a part that cannot load, offline): its payments
 * would take the widget shop past its 30 payment starts a minute per address (seen in CI: "Too
 * many attempts" on the sixth test), so it gets a budget of its own.
 */
export const partsShopPort = ports.partsShop;
export const partsShopUrl = `http://127.0.0.1:${partsShopPort}`;
export const partsSpecs = /lazy-parts\.spec\.ts$/;

export const partsShopServer = anotherShopServer('parts', partsShopPort, ports.partsSimulator);
