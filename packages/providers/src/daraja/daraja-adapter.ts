/**
 * `daraja(options)`: the Safaricom Daraja (M-Pesa Express) adapter behind core's
 * `ProviderAdapter` contract. Options are parsed once; a misconfiguration throws here.
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
import { darajaCallbackAck, parseStkCallback } from './callback.js';
import { checkSource } from './callback-trust.js';
import { createDarajaClients, type DarajaClients } from './daraja-clients.js';
import { darajaPayouts, darajaReversals } from './daraja-money-out.js';
import {
  type DarajaConfig,
  type DarajaOptions,
  darajaHosts,
  parseDarajaOptions,
} from './daraja-options.js';
import { stkPush } from './stk-push.js';
import { stkQuery } from './stk-query.js';

export interface DarajaAdapter extends ProviderAdapter, DarajaClients {
  readonly id: 'daraja';
  /** STK push query by CheckoutRequestID; `pending` while the customer has not answered. */
  query(ref: string, o?: { signal?: AbortSignal }): Promise<StatusUpdate>;
}

/** B2C, reversal and balance need an API initiator: without one they cannot be offered. */
function hasInitiator(config: DarajaConfig): boolean {
  return config.initiatorName !== undefined && config.securityCredential !== undefined;
}

export function daraja(options: DarajaOptions): DarajaAdapter {
  const config = parseDarajaOptions(options);
  const tokens = createAccessTokens(config);
  const clients = createDarajaClients(config, tokens);
  const org = hasInitiator(config);
  // Each money-out capability comes with its member, so the two cannot disagree.
  const capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'stk',
    'query',
    ...(org ? (['payout', 'reversal', 'balance'] as const) : []),
  ]);
  // Any host but Safaricom's own is a stand-in (the simulator, a mock): the kit treats it as one.
  const official = config.baseUrl.replace(/\/+$/, '') === darajaHosts[config.environment];
  return Object.freeze({
    ...clients,
    reversals: org ? darajaReversals(clients.reversal) : undefined,
    payouts: org ? darajaPayouts(clients.b2c) : undefined,
    id: 'daraja' as const,
    displayName: 'M-Pesa',
    capabilities,
    callbackRoute: 'per-payment' as const,
    target: official ? config.environment : ('simulator' as const),
    initiate(request: InitiateRequest): Promise<InitiateResult> {
      return stkPush(config, tokens, request);
    },
    query(ref: string, o: { signal?: AbortSignal } = {}): Promise<StatusUpdate> {
      return stkQuery(config, tokens, ref, o);
    },
    async verifyCallback(input: CallbackInput): Promise<CallbackResult> {
      checkSource(config, input.remoteAddress);
      const update = parseStkCallback(input.rawBody);
      return { updates: [update], response: { status: 200, body: { ...darajaCallbackAck } } };
    },
  });
}
