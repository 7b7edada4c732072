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
function orgCapabilities(config: DarajaConfig): Capability[] {
  const hasInitiator =
    config.initiatorName !== undefined && config.securityCredential !== undefined;
  return hasInitiator ? ['payout', 'reversal', 'balance'] : [];
}

export function daraja(options: DarajaOptions): DarajaAdapter {
  const config = parseDarajaOptions(options);
  const tokens = createAccessTokens(config);
  const capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'stk',
    'query',
    ...orgCapabilities(config),
  ]);
  // Any host but Safaricom's own is a stand-in (the simulator, a mock): the kit treats it as one.
  const official = config.baseUrl.replace(/\/+$/, '') === darajaHosts[config.environment];
  return Object.freeze({
    ...createDarajaClients(config, tokens),
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
