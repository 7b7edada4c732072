/**
 * `daraja(options)`: the Safaricom Daraja (M-Pesa Express) adapter behind core's
 * `ProviderAdapter` contract. Options are parsed once; a misconfiguration throws here.
 */
import {
  CallbackError,
  type CallbackInput,
  type CallbackResult,
  type Capability,
  type InitiateRequest,
  type InitiateResult,
  type ProviderAdapter,
  type StatusUpdate,
} from '@lipwa/core';
import { createAccessTokens } from './access-token.js';
import { darajaCallbackAck, parseStkCallback } from './callback.js';
import { normaliseAddress } from './callback-sources.js';
import {
  type DarajaConfig,
  type DarajaOptions,
  darajaHosts,
  parseDarajaOptions,
} from './daraja-options.js';
import { stkPush } from './stk-push.js';
import { stkQuery } from './stk-query.js';

export interface DarajaAdapter extends ProviderAdapter {
  readonly id: 'daraja';
  /** STK push query by CheckoutRequestID; `pending` while the customer has not answered. */
  query(ref: string, o?: { signal?: AbortSignal }): Promise<StatusUpdate>;
}

function checkSource(config: DarajaConfig, remoteAddress: string | undefined): void {
  if (!config.allowedSourceIps) return;
  if (
    remoteAddress === undefined ||
    !config.allowedSourceIps.has(normaliseAddress(remoteAddress))
  ) {
    throw new CallbackError(
      'callback_unauthorized',
      'The callback did not come from an allowed Daraja address: if you are behind a proxy, pass the client address (e.g. Express "trust proxy"), or update allowedSourceIps.',
      { details: { remoteAddress: remoteAddress ?? null } },
    );
  }
}

export function daraja(options: DarajaOptions): DarajaAdapter {
  const config = parseDarajaOptions(options);
  const tokens = createAccessTokens(config);
  const capabilities: ReadonlySet<Capability> = new Set<Capability>(['stk', 'query']);
  // Any host but Safaricom's own is a stand-in (the simulator, a mock): the kit treats it as one.
  const official = config.baseUrl.replace(/\/+$/, '') === darajaHosts[config.environment];
  return Object.freeze({
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
