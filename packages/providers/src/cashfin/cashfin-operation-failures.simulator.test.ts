/**
 * Cashfin's typed operations when things go wrong, against @lipwa/simulator: the rate limit
 * honoured, refusals before sending, and every failure as a typed `ProviderError`.
 */
import type { ProviderError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import {
  adapter,
  adapterWith,
  invoiceInput,
  KES,
  rejectionOf,
  simulatorFault,
  slept,
  startWorldForEachTest,
  world,
} from './test-cashfin-operations.js';

startWorldForEachTest();

describe('Cashfin rate limits and failures on typed operations', () => {
  it('waits out a 429’s retry_after, then reads the list', async () => {
    await adapter.invoices.create(invoiceInput());
    simulatorFault({ operation: 'query', kind: 'http', status: 429 });

    const invoices = await adapter.invoices.list().toArray();

    expect(invoices).toHaveLength(1);
    expect(slept).toEqual([30_000]);
  });

  it('waits out a 429 on a create too (Cashfin refused it before doing anything): one invoice', async () => {
    simulatorFault({ operation: 'api', kind: 'http', status: 429 });

    await adapter.invoices.create(invoiceInput());

    expect(slept).toEqual([30_000]);
    expect(await adapter.invoices.list().toArray()).toHaveLength(1);
  });

  it('gives up after two waits, with retryAfterMs for the caller', async () => {
    world.simulator.control.fault({
      provider: 'cashfin',
      operation: 'query',
      kind: 'http',
      status: 429,
      times: 3,
    });

    const error = await rejectionOf(adapter.invoices.list().toArray());

    expect(slept).toEqual([30_000, 30_000]);
    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      retryAfterMs: 30_000,
      providerCode: '429',
    });
  });

  it('does not wait longer than maxRetryWaitMs: the 429 is the caller’s at once', async () => {
    const hurried = adapterWith({ maxRetryWaitMs: 1_000 });
    simulatorFault({ operation: 'query', kind: 'http', status: 429 });

    const error = await rejectionOf(hurried.subscriptions.details('ffffffffffffffffffffffff'));

    expect(slept).toEqual([]);
    expect(error).toMatchObject({ retryAfterMs: 30_000 });
  });

  it('retries a read once after a 500, but never a create', async () => {
    const invoice = await adapter.invoices.create(invoiceInput());
    simulatorFault({ operation: 'query', kind: 'http', status: 500 });
    simulatorFault({ operation: 'api', kind: 'http', status: 500 });

    const read = await adapter.invoices.details(invoice.id);
    const error = await rejectionOf(adapter.invoices.create(invoiceInput()));

    expect(read.id).toBe(invoice.id);
    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
    });
    expect(await adapter.invoices.list().toArray()).toHaveLength(1);
  });

  it('reports a hung create as ambiguous (it may have taken effect)', async () => {
    const hurried = adapterWith({ timeoutMs: 300 });
    simulatorFault({ operation: 'api', kind: 'hang' });

    const error = await rejectionOf(
      hurried.paymentLinks.create({ title: 'Deposit', amount: KES(500) }),
    );

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: true,
      retryable: false,
      details: { timedOut: true },
    });
  });

  it('reports an answer that is not Cashfin’s envelope as provider_unavailable, keeping it', async () => {
    const garbling = adapterWith({
      fetch: async (input, init) => {
        await fetch(input, init);
        return new Response('{"success":true,"data":{"title":"no id"}}', { status: 200 });
      },
    });

    const error = await rejectionOf(garbling.invoices.details('ffffffffffffffffffffffff'));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      details: { fields: expect.arrayContaining(['data._id']), rawAnswer: expect.any(String) },
    });
  });

  it('reports a wrong client secret as provider_auth_failed without echoing it', async () => {
    const stranger = adapterWith({ clientSecret: 'cs_not_the_secret' });

    const error = await rejectionOf(stranger.paymentLinks.list().toArray());

    expect(error).toMatchObject({ code: 'provider_auth_failed', providerCode: '401' });
    expect(
      JSON.stringify({ m: (error as Error).message, d: (error as ProviderError).details }),
    ).not.toContain('cs_not_the_secret');
  });
});
