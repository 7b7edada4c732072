/**
 * Test setup for the Daraja engine tests: a Daraja fixture (prompts settling after
 * AUTO_RESOLVE_MS, timing out after PROMPT_TIMEOUT_MS) started afresh before each test, pushes
 * from a phone, and the callbacks received.
 */
import { afterEach, beforeEach } from 'vitest';
import { type DarajaFixture, startDarajaFixture } from '../test-daraja-client.js';
import type { StkCallbackBody } from './stk-callback.js';

export const AUTO_RESOLVE_MS = 2_000;
export const PROMPT_TIMEOUT_MS = 60_000;

export let fx: DarajaFixture;

/** Starts a Daraja fixture before each test of the calling file; closes it after. */
export function startFixtureForEachTest(): void {
  beforeEach(async () => {
    fx = await startDarajaFixture({
      autoResolveDelayMs: AUTO_RESOLVE_MS,
      promptTimeoutMs: PROMPT_TIMEOUT_MS,
    });
  });
  afterEach(async () => {
    await fx.close();
  });
}

export function pushFrom(phone: number, amount = 1500) {
  return fx.pushAccepted({ PartyA: phone, PhoneNumber: phone, Amount: amount });
}

export function callbacks(): StkCallbackBody[] {
  return fx.receiver.received.map((callback) => callback.body as StkCallbackBody);
}
