import { ProviderError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { checkPaymentRequestStatus } from './payment-request-status.js';
import { json } from './test-fetch.js';
import { gatewayError, statusReply } from './test-payloads.js';
import { setupPaymentApps } from './test-setup.js';

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('checkPaymentRequestStatus', () => {
  it('GETs /api/pay/{app}/checkPaymentRequestStatus/{salami id} with the bearer token', async () => {
    const { config, gateway } = setupPaymentApps();

    await checkPaymentRequestStatus(config, '42');

    const [sent] = gateway.requestsTo('checkPaymentRequestStatus');
    expect(sent?.url).toBe('https://pay.example.co.ke/api/pay/1/checkPaymentRequestStatus/42');
    expect(sent?.method).toBe('GET');
    expect(sent?.json).toBeUndefined();
  });

  it('maps a settled request, with the ResultCode sent as text', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script(
      'checkPaymentRequestStatus',
      json(200, statusReply('1', 'The balance is insufficient for the transaction.')),
    );

    expect(await checkPaymentRequestStatus(config, '42')).toEqual({
      providerRef: '42',
      status: 'failed',
      reason: 'insufficient_funds',
      providerCode: '1',
      message: 'The balance is insufficient for the transaction.',
    });
  });

  it('takes a ResultCode sent as a number too', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script('checkPaymentRequestStatus', json(200, statusReply(0)));

    expect(await checkPaymentRequestStatus(config, '42')).toMatchObject({ status: 'completed' });
  });

  it.each([
    [
      '4999 "still under processing"',
      statusReply('4999', 'The transaction is still under processing'),
    ],
    ['an unknown code', statusReply('7001', 'Something new')],
    ['no ResultCode yet', statusReply(undefined)],
  ])('says pending for %s', async (_what, body) => {
    const { config, gateway } = setupPaymentApps();
    gateway.script('checkPaymentRequestStatus', json(200, body));

    expect((await checkPaymentRequestStatus(config, '42')).status).toBe('pending');
  });

  it('says pending when Daraja’s "being processed" comes back as an upstream error', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script(
      'checkPaymentRequestStatus',
      json(502, gatewayError('The transaction is being processed')),
    );

    expect(await checkPaymentRequestStatus(config, '42')).toMatchObject({
      status: 'pending',
      providerCode: '502',
    });
  });

  it('retries one 5xx straight away', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script('checkPaymentRequestStatus', json(500, gatewayError('Server Error')));

    const update = await checkPaymentRequestStatus(config, '42');

    expect(update.status).toBe('completed');
    expect(gateway.requestsTo('checkPaymentRequestStatus')).toHaveLength(2);
  });

  it('retries one dropped connection or timeout, then gives up', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script('checkPaymentRequestStatus', { kind: 'network-error' }, { kind: 'timeout' });

    const error = await failureOf(checkPaymentRequestStatus(config, '42'));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
    });
    expect(gateway.requestsTo('checkPaymentRequestStatus')).toHaveLength(2);
  });

  it('does not retry a 429: it passes Retry-After on instead', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script(
      'checkPaymentRequestStatus',
      json(429, gatewayError('Too Many Attempts.'), { 'Retry-After': '60' }),
    );

    const error = await failureOf(checkPaymentRequestStatus(config, '42'));

    expect(error).toMatchObject({ retryable: true, retryAfterMs: 60_000 });
    expect(gateway.requestsTo('checkPaymentRequestStatus')).toHaveLength(1);
  });

  it('reports an unknown transaction as provider_rejected without retrying', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script('checkPaymentRequestStatus', json(404, gatewayError('Transaction not found.')));

    const error = await failureOf(checkPaymentRequestStatus(config, '42'));

    expect(error).toMatchObject({
      code: 'provider_rejected',
      providerCode: '404',
      retryable: false,
    });
    expect(error.message).toContain('transaction 42');
  });

  it('reports an unreadable 2xx as retryable, not ambiguous (nothing was asked of the customer)', async () => {
    const { config, gateway } = setupPaymentApps();
    gateway.script(
      'checkPaymentRequestStatus',
      json(200, { data: { ResultCode: 'zero' }, status: 'success' }),
      json(200, { data: { ResultCode: 'zero' }, status: 'success' }),
    );

    const error = await failureOf(checkPaymentRequestStatus(config, '42'));

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      ambiguous: false,
    });
  });

  it('treats a non-zero ResponseCode as no verdict: an error to try again', async () => {
    const { config, gateway } = setupPaymentApps();
    const refused = {
      data: { ResponseCode: '1', ResponseDescription: 'Invalid request' },
      status: 'success',
    };
    gateway.script('checkPaymentRequestStatus', json(200, refused), json(200, refused));

    const error = await failureOf(checkPaymentRequestStatus(config, '42'));

    expect(error).toMatchObject({ code: 'provider_unavailable', providerCode: '1' });
  });

  it('refuses a providerRef that is not a Salami id without sending anything', async () => {
    const { config, gateway } = setupPaymentApps();

    const error = await failureOf(checkPaymentRequestStatus(config, 'ws_CO_191220191020363925'));

    expect(error).toMatchObject({ code: 'provider_rejected', retryable: false });
    expect(gateway.requests).toHaveLength(0);
  });
});
