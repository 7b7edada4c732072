/**
 * `cashpay(options)`: the CashPay charge API behind core's `ProviderAdapter` contract. A redirect
 * provider: create a charge, send the customer to its `transaction_url`, and trust only what a
 * fresh `GET /charges/{id}` says, whether asked by the reconciler or prompted by a webhook.
 */
import type {
  CallbackInput,
  CallbackResult,
  Capability,
  InitiateRequest,
  InitiateResult,
  ProviderAdapter,
  StatusUpdate,
} from '@lipwa/core';
import { createAccessTokens } from './access-token.js';
import {
  type CashpayConfig,
  type CashpayOptions,
  cashpayHosts,
  parseCashpayOptions,
} from './cashpay-options.js';
import { createCharge } from './create-charge.js';
import { queryCharge } from './retrieve-charge.js';
import { verifyCashpayWebhook } from './webhook.js';

export interface CashpayAdapter extends ProviderAdapter {
  readonly id: 'cashpay';
  readonly currencies: ReadonlySet<string>;
  /** The charge's status from `GET /charges/{id}`; `pending` while the customer has not finished. */
  query(ref: string, o?: { signal?: AbortSignal }): Promise<StatusUpdate>;
}

function targetOf(config: CashpayConfig): CashpayAdapter['target'] {
  // Any host but CashPay's own is a stand-in (the simulator, a mock): the kit treats it as one.
  return config.baseUrl === cashpayHosts[config.environment] ? config.environment : 'simulator';
}

export function cashpay(options: CashpayOptions): CashpayAdapter {
  const config = parseCashpayOptions(options);
  const tokens = createAccessTokens(config);
  const capabilities: ReadonlySet<Capability> = new Set<Capability>(['redirect', 'query']);
  return Object.freeze({
    id: 'cashpay' as const,
    displayName: 'CashPay',
    capabilities,
    callbackRoute: 'per-payment' as const,
    target: targetOf(config),
    currencies: new Set([config.currency]),
    initiate(request: InitiateRequest): Promise<InitiateResult> {
      return createCharge(config, tokens, request);
    },
    query(ref: string, o: { signal?: AbortSignal } = {}): Promise<StatusUpdate> {
      return queryCharge(config, tokens, ref, o);
    },
    verifyCallback(input: CallbackInput): Promise<CallbackResult> {
      return verifyCashpayWebhook(config, tokens, input);
    },
  });
}
