/// <reference types="node" />
/**
 * Whether a callback Daraja sent may be believed. Daraja signs nothing, so the proofs are where
 * it came from (`allowedSourceIps`) and a secret in the URL the merchant gave Daraja
 * (`callbackToken`). STK callbacks arrive on per-payment URLs the kit checks itself; C2B and
 * async-result callbacks report money moving, so at least one proof must be configured for
 * them, or anyone who learnt the URL could report a payment that never happened.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { CallbackError, type CallbackInput, ConfigError } from '@lipwa/core';
import { normaliseAddress } from './callback-sources.js';
import type { DarajaConfig } from './daraja-options.js';

/** Refuses a callback from outside `allowedSourceIps` (when the check is on). */
export function checkSource(config: DarajaConfig, remoteAddress: string | undefined): void {
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

/** Compares digests, so both sides have the same length and the time taken says nothing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token the URL carried: the kit's `:token` route segment, or `?token=` for hand-built routes. */
function tokenOf(input: CallbackInput): string | undefined {
  return input.params.token ?? input.query.token;
}

/**
 * Throws unless the callback proves where it came from. `what` names the callback in messages
 * ("C2B confirmation", "B2C result").
 */
export function checkTrustedCallback(
  config: DarajaConfig,
  input: CallbackInput,
  what: string,
): void {
  if (config.callbackToken === undefined && config.allowedSourceIps === undefined) {
    throw new ConfigError(
      `Cannot trust a Daraja ${what}: Daraja does not sign callbacks, so set callbackToken (and put it in the URLs you give Daraja, e.g. /callbacks/daraja/<token>) or allowedSourceIps.`,
    );
  }
  if (input.method.toUpperCase() !== 'POST') {
    throw new CallbackError('invalid_callback', `A Daraja ${what} is a POST, got ${input.method}.`);
  }
  checkSource(config, input.remoteAddress);
  if (config.callbackToken === undefined) return;
  const token = tokenOf(input);
  if (token === undefined || !sameSecret(token, config.callbackToken)) {
    throw new CallbackError(
      'callback_unauthorized',
      `The Daraja ${what} did not carry this app's callbackToken in its URL: refused, nothing was recorded.`,
      { details: { tokenPresent: token !== undefined } },
    );
  }
}
