/**
 * Test-only: every provider whose adapter offers core's `reversals` / `payouts`, wired for the
 * kit's refund and payout suites over real HTTP against the simulator. Each says how its
 * results reach the kit (posted to the kit, or polled by the reconciler) so one suite proves
 * every provider the same way; `requests` counts what reached the simulator's money-out paths.
 */
import type { ProviderAdapter } from '@lipwa/core';
import { daraja, paymentApps } from '@lipwa/providers';
import type { RunningSimulator } from '@lipwa/simulator';

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
    adapter: (simulator, token, options = {}) =>
      daraja({
        ...simulator.daraja,
        callbackToken: token,
        fetch: counting(requests),
        ...(options.payouts === false
          ? { initiatorName: undefined, securityCredential: undefined }
          : {}),
      } as Parameters<typeof daraja>[0]),
    attach: () => {},
  };
}

function paymentAppsProvider(): MoneyOutProvider {
  const requests: string[] = [];
  return {
    id: 'payment-apps',
    requests,
    aboveLimitKes: 250_001,
    adapter: (simulator, _token, options = {}) =>
      paymentApps({
        ...simulator.paymentApps,
        fetch: counting(requests),
        ...(options.payouts === false ? { payoutApp: undefined } : {}),
      }),
    attach: (simulator, kitUrl) =>
      simulator.control.setWebhookUrl('payment-apps', `${kitUrl}/callbacks/payment-apps`),
  };
}

export const moneyOutProviders: readonly MoneyOutProvider[] = [
  darajaProvider(),
  paymentAppsProvider(),
];
