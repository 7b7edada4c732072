/**
 * Test-only: every provider whose adapter offers core's `reversals` / `payouts`, wired for the
 * kit's refund and payout suites over real HTTP against the simulator. Each says how its
 * results reach the kit (posted to the kit, or polled by the reconciler) so one suite proves
 * every provider the same way; `requests` counts what reached the simulator's money-out paths.
 */
import type { ProviderAdapter } from '@lipwa/core';
import { daraja, paymentApps, paymentGateway } from '@lipwa/providers';
import { gatewayConfirmationCode, type RunningSimulator } from '@lipwa/simulator';
import { deliverDue } from '../paybill/test-served-kit.js';
import type { Kit } from './test-harness.js';

export interface MoneyOutProvider {
  readonly id: string;
  /** The adapter on `simulator`, its fetch counting every request; `payouts` only with a B2C account. */
  adapter(
    simulator: RunningSimulator,
    token: string,
    options?: { payouts?: boolean },
  ): ProviderAdapter;
  /** Wires the simulator to this kit (a dashboard-registered webhook URL, where there is one). */
  attach(simulator: RunningSimulator, kitUrl: string): void;
  /** Requests made by adapters of this provider since the last `reset`. */
  readonly requests: string[];
  /** The amount above the provider's payout limit, in KES. */
  readonly aboveLimitKes: number;
  /** Whether the provider can reverse a payment (the refund suite runs only where it can). */
  readonly reverses: boolean;
}

function counting(requests: string[]): typeof fetch {
  return (input, init) => {
    requests.push(String(input instanceof Request ? input.url : input));
    return globalThis.fetch(input, init);
  };
}

function darajaProvider(): MoneyOutProvider {
  const requests: string[] = [];
  return {
    id: 'daraja',
    requests,
    aboveLimitKes: 250_001,
    reverses: true,
    adapter: (simulator, token) =>
      daraja({ ...simulator.daraja, callbackToken: token, fetch: counting(requests) }),
    attach: () => {},
  };
}

function paymentAppsProvider(): MoneyOutProvider {
  const requests: string[] = [];
  return {
    id: 'payment-apps',
    requests,
    aboveLimitKes: 250_001,
    reverses: true,
    adapter: (simulator) => paymentApps({ ...simulator.paymentApps, fetch: counting(requests) }),
    attach: (simulator, kitUrl) =>
      simulator.control.setWebhookUrl('payment-apps', `${kitUrl}/callbacks/payment-apps`),
  };
}

/** Payouts from KES 10,000 need the second step: the simulator's code confirms them. */
function gatewayProvider(): MoneyOutProvider {
  const requests: string[] = [];
  return {
    id: 'gateway',
    requests,
    aboveLimitKes: 150_001,
    reverses: false,
    adapter: (simulator) =>
      paymentGateway({
        ...simulator.gateway,
        fetch: counting(requests),
        confirmPayout: () => gatewayConfirmationCode,
      }),
    attach: () => {},
  };
}

export const moneyOutProviders: readonly MoneyOutProvider[] = [
  darajaProvider(),
  paymentAppsProvider(),
  gatewayProvider(),
];

/** The kit's default longest wait between polls (`reconcile.maxIntervalMs`): any check is due after it. */
export const POLLS_DUE_MS = 30_000;

/** Lets the simulator settle what is due, then runs a reconciler pass once polls are due. */
export async function settleMoneyOut(simulator: RunningSimulator, kit: Kit): Promise<void> {
  await deliverDue(simulator);
  kit.clock.advance(POLLS_DUE_MS);
  await kit.reconcileOnce();
}
