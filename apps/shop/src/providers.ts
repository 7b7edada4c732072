/**
 * The demo's providers, each pointed at its simulator: `LIPWA_PROVIDER=cashfin npm start` runs
 * the shop on Cashfin's simulator with no other setting; `LIPWA_PROVIDERS=daraja,cashpay` offers
 * both (the widget shows a method picker). Daraja is the default.
 */
import { ConfigError, type ProviderAdapter } from '@lipwa/core';
import {
  cashfin,
  cashpay,
  type DarajaAdapter,
  daraja,
  paymentApps,
  paymentGateway,
} from '@lipwa/providers';
import type { RunningSimulator } from '@lipwa/simulator';

/** The demo's secret path segment for Daraja's C2B requests and async results (a simulator only). */
export const DEMO_RESULTS_TOKEN = 'demo_results_7f3c91a2d4e8';

/**
 * Registers the shop's Paybill URLs with the simulated Daraja, so a customer who pays by hand
 * with the checkout's reference completes it. Returns the Paybill number to show.
 */
export async function registerPaybill(
  adapter: ProviderAdapter,
  simulator: SimulatorEndpoints,
  publicUrl: string,
): Promise<string | undefined> {
  const c2b = (adapter as Partial<DarajaAdapter>).c2b;
  if (adapter.id !== 'daraja' || !c2b) return undefined;
  await c2b.registerUrls({
    validationUrl: `${publicUrl}/c2b/daraja/validation/${DEMO_RESULTS_TOKEN}`,
    confirmationUrl: `${publicUrl}/c2b/daraja/confirmation/${DEMO_RESULTS_TOKEN}`,
    responseType: 'Completed',
  });
  return simulator.daraja.shortcode;
}

export const demoProviders = ['daraja', 'cashfin', 'cashpay', 'gateway', 'payment-apps'] as const;
export type DemoProvider = (typeof demoProviders)[number];

function isDemoProvider(value: string): value is DemoProvider {
  return (demoProviders as readonly string[]).includes(value);
}

/** Reads `LIPWA_PROVIDERS` (a comma-separated list) or `LIPWA_PROVIDER`; default `daraja`. */
export function providersFromEnv(env: NodeJS.ProcessEnv): DemoProvider[] {
  const raw = env.LIPWA_PROVIDERS || env.LIPWA_PROVIDER || 'daraja';
  const names = raw
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((name) => !isDemoProvider(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new ConfigError(`LIPWA_PROVIDER(S) must name ${demoProviders.join(', ')}; got "${raw}".`);
  }
  return [...new Set(names as DemoProvider[])];
}

/**
 * Each provider's base URL and sandbox credentials on a running simulator: plain data, so a shop
 * in another process (`npm run start:cluster`) can be handed them as JSON.
 */
export type SimulatorEndpoints = Pick<
  RunningSimulator,
  'daraja' | 'cashfin' | 'cashpay' | 'gateway' | 'paymentApps'
>;

export function simulatorEndpoints(simulator: RunningSimulator): SimulatorEndpoints {
  const { daraja, cashfin, cashpay, gateway, paymentApps } = simulator;
  return { daraja, cashfin, cashpay, gateway, paymentApps };
}

/** The adapter for `provider`, talking to its stand-in on the running simulator. */
export function simulatedAdapter(
  provider: DemoProvider,
  simulator: SimulatorEndpoints,
): ProviderAdapter {
  switch (provider) {
    case 'daraja':
      // The token proves C2B requests and async results came through the URLs we registered.
      return daraja({ ...simulator.daraja, callbackToken: DEMO_RESULTS_TOKEN });
    case 'cashfin':
      return cashfin({ ...simulator.cashfin });
    case 'cashpay':
      return cashpay({ ...simulator.cashpay });
    case 'gateway':
      return paymentGateway({ ...simulator.gateway, displayName: 'M-Pesa (Payment Gateway)' });
    case 'payment-apps':
      return paymentApps({ ...simulator.paymentApps, displayName: 'M-Pesa (payment apps)' });
  }
}

/** Providers whose merchant registers one webhook URL in a dashboard: the simulator's "dashboard". */
export function registerWebhooks(simulator: RunningSimulator, publicUrl: string): void {
  simulator.control.setWebhookUrl('cashfin', `${publicUrl}/callbacks/cashfin`);
  simulator.control.setWebhookUrl('payment-apps', `${publicUrl}/callbacks/payment-apps`);
}
