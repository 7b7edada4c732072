/**
 * `paymentGateway(options)`: the Payment Gateway v5.7.2 (an M-Pesa aggregator sold under several
 * brands) behind core's `ProviderAdapter` contract. Every request is signed (no auth header);
 * every callback is verified by its signature and confirmed by a status query.
 */
import type {
  CallbackInput,
  CallbackResult,
  Capability,
  InitiateRequest,
  InitiateResult,
  ProviderAdapter,
  ProviderPayouts,
  StatusUpdate,
} from '@lipwa/core';
import { callbackResult, verifyGatewayCallback } from './gateway-callback.js';
import { createGatewayClients, type GatewayClients } from './gateway-clients.js';
import { gatewayPayouts } from './gateway-money-out.js';
import { type GatewayOptions, parseGatewayOptions } from './gateway-options.js';
import { createGatewaySigner } from './gateway-signature.js';
import { paymentC2b } from './payment-c2b.js';
import { statusQuery } from './status-query.js';

export interface GatewayAdapter extends ProviderAdapter, GatewayClients {
  readonly id: 'gateway';
  /** `payment_b2c` for the kit's payouts, confirmed with `confirmPayout` when the gateway asks. */
  readonly payouts: ProviderPayouts;
  /** `status` by order_id (the providerRef); `pending` while the payment is undecided. */
  query(ref: string, options?: { signal?: AbortSignal }): Promise<StatusUpdate>;
}

export function paymentGateway(options: GatewayOptions): GatewayAdapter {
  const config = parseGatewayOptions(options);
  const signer = createGatewaySigner(config.secretKey);
  // No reversal and no balance in the gateway's API; payouts are `payment_b2c`.
  const capabilities: ReadonlySet<Capability> = new Set<Capability>(['stk', 'query', 'payout']);
  const clients = createGatewayClients(config, signer);
  return Object.freeze({
    ...clients,
    payouts: gatewayPayouts(config, signer, clients.b2c),
    id: 'gateway' as const,
    displayName: config.displayName,
    capabilities,
    callbackRoute: 'per-payment' as const,
    target: config.target,
    currencies: config.currencies as ReadonlySet<string>,
    initiate(request: InitiateRequest): Promise<InitiateResult> {
      return paymentC2b(config, signer, request);
    },
    query(ref: string, o: { signal?: AbortSignal } = {}): Promise<StatusUpdate> {
      return statusQuery(config, signer, ref, o);
    },
    async verifyCallback(input: CallbackInput): Promise<CallbackResult> {
      const verified = await verifyGatewayCallback(signer, input);
      if (verified.kind === 'paybill') return callbackResult([]);
      // The callback says something happened, not what: the status answer is the verdict. If it
      // cannot be had, the ProviderError makes the kit answer non-200 and the gateway try again.
      const update = await statusQuery(config, signer, verified.orderId);
      const receipt = update.receipt ?? verified.transactionRef;
      return callbackResult([
        update.status === 'completed' && receipt !== undefined ? { ...update, receipt } : update,
      ]);
    },
  });
}
