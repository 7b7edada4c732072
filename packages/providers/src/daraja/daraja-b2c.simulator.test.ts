/**
 * Daraja's B2C against @lipwa/simulator over real HTTP: sending money to a customer and the
 * results that come back.
 */
import { describe, expect, it } from 'vitest';
import {
  adapter,
  errorOf,
  first,
  kes,
  results,
  resultUrls,
  settle,
  setupAdapter,
  sim,
  startSimulatorAndShop,
} from './test-daraja-operations.js';

startSimulatorAndShop();

describe('B2C against the simulator', () => {
  it('pays a customer: queued, then a result with receipt, amount and the account left', async () => {
    const accepted = await adapter.b2c.send({
      phone: '254708374149',
      amount: kes(500),
      originatorConversationId: 'payout-1',
      ...resultUrls(),
    });
    await settle();
    const result = adapter.b2c.parseResult(first(results()));

    expect(accepted.conversationId).toMatch(/^AG_\d{8}_[0-9a-f]{20}$/);
    expect(result).toMatchObject({
      ok: true,
      status: 'completed',
      conversationId: accepted.conversationId,
      originatorConversationId: 'payout-1',
      amount: kes(500),
      recipient: '254708374149 - Simulated Customer',
      recipientRegistered: true,
      utilityAccountBalance: kes(499_500),
    });
    expect(result.receipt).toMatch(/^[A-Z0-9]{10}$/);
    expect(result.completedAt).toMatch(/Z$/);
  });

  it('refuses a repeated OriginatorConversationID: the first request arrived', async () => {
    const request = {
      phone: '254708374149',
      amount: kes(10),
      originatorConversationId: 'payout-2',
      ...resultUrls(),
    };
    await adapter.b2c.send(request);

    const error = await errorOf(adapter.b2c.send(request));
    await settle();

    expect(error).toMatchObject({ providerCode: '500.002.1001', reason: 'duplicate_request' });
    expect(results()).toHaveLength(1);
  });

  it('reports insufficient funds for 254711000001 in the result', async () => {
    await adapter.b2c.send({ phone: '254711000001', amount: kes(10), ...resultUrls() });
    await settle();

    expect(adapter.b2c.parseResult(first(results()))).toMatchObject({
      ok: false,
      status: 'failed',
      resultCode: '1',
      reason: 'insufficient_funds',
    });
  });

  it('fails more than the utility account holds with ResultCode 1', async () => {
    await adapter.b2c.send({ phone: '254708374149', amount: kes(250_000), ...resultUrls() });
    await adapter.b2c.send({ phone: '254708374149', amount: kes(250_000), ...resultUrls() });
    await adapter.b2c.send({ phone: '254708374149', amount: kes(1), ...resultUrls() });
    await settle();

    expect(results().map((input) => adapter.b2c.parseResult(input).resultCode)).toEqual([
      '0',
      '0',
      '1',
    ]);
  });

  it('finds out about a wrong security credential only from the result (2001)', async () => {
    const wrong = setupAdapter({ securityCredential: 'bm90LXRoZS1jcmVkZW50aWFs' });

    const accepted = await wrong.b2c.send({
      phone: '254708374149',
      amount: kes(10),
      ...resultUrls(),
    });
    await settle();

    expect(accepted.conversationId).toBeTruthy();
    expect(wrong.b2c.parseResult(first(results()))).toMatchObject({
      resultCode: '2001',
      reason: 'not_permitted',
    });
  });

  it('loses the result for 254711000099 and sends it twice for 254711000098', async () => {
    await adapter.b2c.send({ phone: '254711000099', amount: kes(10), ...resultUrls() });
    await adapter.b2c.send({ phone: '254711000098', amount: kes(10), ...resultUrls() });
    await settle();
    const parsed = results().map((input) => adapter.b2c.parseResult(input));

    expect(parsed).toHaveLength(2);
    expect(parsed[1]).toEqual(parsed[0]);
  });

  it('refuses an invalid phone and an amount over the limit before any request', async () => {
    const paths: string[] = [];
    const watched = setupAdapter({
      fetch: (input, init) => {
        paths.push(String(input));
        return fetch(input, init);
      },
    });

    const badPhone = await watched.b2c
      .send({ phone: '0708374149', amount: kes(10), ...resultUrls() })
      .catch((e: unknown) => e);
    const tooMuch = await watched.b2c
      .send({ phone: '254708374149', amount: kes(250_001), ...resultUrls() })
      .catch((e: unknown) => e);

    expect(badPhone).toMatchObject({ code: 'invalid_phone' });
    expect(tooMuch).toMatchObject({ code: 'invalid_amount' });
    expect(paths).toEqual([]);
  });

  it('reports 429 and 500 faults as retryable provider_unavailable', async () => {
    sim.control.fault({ operation: 'payout', kind: 'http', status: 429, errorCode: '500.003.03' });
    sim.control.fault({ operation: 'payout', kind: 'http', status: 500, errorCode: '500.003.02' });

    const throttled = await errorOf(
      adapter.b2c.send({ phone: '254708374149', amount: kes(10), ...resultUrls() }),
    );
    const busy = await errorOf(
      adapter.b2c.send({ phone: '254708374149', amount: kes(10), ...resultUrls() }),
    );

    expect(throttled).toMatchObject({
      code: 'provider_unavailable',
      providerCode: '500.003.03',
      retryable: true,
    });
    expect(busy).toMatchObject({
      code: 'provider_unavailable',
      providerCode: '500.003.02',
      retryable: true,
    });
  });

  it('reports a hung payout as ambiguous, and a repeat with the same id is refused as a duplicate', async () => {
    const impatient = setupAdapter({ timeoutMs: 150 });
    sim.control.fault({ operation: 'payout', kind: 'delay', delayMs: 60_000 });
    const request = {
      phone: '254708374149',
      amount: kes(10),
      originatorConversationId: 'payout-3',
      ...resultUrls(),
    };

    const timedOut = await errorOf(impatient.b2c.send(request));
    await sim.control.advance(60_000);
    const repeated = await errorOf(impatient.b2c.send(request));

    expect(timedOut).toMatchObject({
      ambiguous: true,
      retryable: true,
      details: { timedOut: true },
    });
    expect(repeated).toMatchObject({ reason: 'duplicate_request' });
  });

  it('fetches a new token once the simulator has expired the cached one', async () => {
    const fresh = setupAdapter();
    await fresh.b2c.send({ phone: '254708374149', amount: kes(10), ...resultUrls() });

    await sim.control.advance(3_600_000);
    const again = await fresh.b2c.send({ phone: '254708374149', amount: kes(10), ...resultUrls() });

    expect(again.conversationId).toMatch(/^AG_/);
  });
});
