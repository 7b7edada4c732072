/**
 * Test setup for the Cashfin router tests: a Cashfin fixture (simulator, webhook receiver,
 * client) started afresh before each test, and the webhook events it received.
 */
import { afterEach, beforeEach } from 'vitest';
import { type CashfinFixture, startCashfinFixture } from './test-cashfin-client.js';
import type { CashfinWebhookEvent } from './webhook.js';

export let fx: CashfinFixture;

/** Starts a Cashfin fixture before each test of the calling file; closes it after. */
export function startFixtureForEachTest(): void {
  beforeEach(async () => {
    fx = await startCashfinFixture();
  });
  afterEach(async () => {
    await fx.close();
  });
}

export function events(): CashfinWebhookEvent[] {
  return fx.receiver.received.map((webhook) => JSON.parse(webhook.rawBody) as CashfinWebhookEvent);
}
