import { describe, expect, it } from 'vitest';
import { createGatewaySigner } from './gateway-signature.js';
import { statusQuery } from './status-query.js';
import { json, operationAnswer, sample, setupGateway } from './test-fake-gateway.js';

function query(setup: ReturnType<typeof setupGateway>, orderId = 'pay_01J2Z3') {
  return statusQuery(setup.config, createGatewaySigner(sample.secretKey), orderId);
}

describe('status query', () => {
  it('asks /{public_id}/status with merchant_id, order_id and the signature, in that order', async () => {
    const setup = setupGateway();

    await query(setup);
    const [sent] = setup.fake.requestsTo('status');

    expect(sent?.url).toBe(`https://gateway.test/${sample.publicId}/status`);
    expect(Object.keys(sent?.json ?? {})).toEqual(['merchant_id', 'order_id', 'signature']);
    expect(sent?.json.signature).toMatch(/^[0-9a-f]{128}$/);
  });

  it('reads a success with Safaricom’s receipt from transaction_ref', async () => {
    const setup = setupGateway();

    expect(await query(setup)).toEqual({
      providerRef: 'pay_01J2Z3',
      status: 'completed',
      providerCode: '2',
      message: 'Gateway status 2 (success); result 0 OK; provider 0 OK.',
      receipt: 'TAF1B2C3D4',
    });
  });

  it('reads in progress as pending, without a receipt', async () => {
    const setup = setupGateway();
    setup.fake.script('status', json(200, operationAnswer('pay_01J2Z3', 1)));

    expect(await query(setup)).toMatchObject({ status: 'pending', providerCode: '1' });
  });

  it('never reads an unknown status as final', async () => {
    const setup = setupGateway();
    setup.fake.script('status', json(200, operationAnswer('pay_01J2Z3', 7)));

    expect((await query(setup)).status).toBe('pending');
  });

  it('reads a failure’s cause from provider_result', async () => {
    const setup = setupGateway();
    setup.fake.script(
      'status',
      json(
        200,
        operationAnswer('pay_01J2Z3', 3, {
          provider_result: { code: 1, message: 'The balance is insufficient for the transaction.' },
        }),
      ),
    );

    expect(await query(setup)).toMatchObject({ status: 'failed', reason: 'insufficient_funds' });
  });

  it('reports the amount and a masked phone only when the answer carries them', async () => {
    const setup = setupGateway();
    setup.fake.script(
      'status',
      json(
        200,
        operationAnswer('pay_01J2Z3', 2, {
          amount: 100,
          currency: 'KES',
          customer_id: '254708374149',
        }),
      ),
    );

    expect(await query(setup)).toMatchObject({
      amount: { amount: 10_000, currency: 'KES' },
      phone: '2547•••••149',
    });
  });

  it('retries once straight away after a 500, as a read is safe to repeat', async () => {
    const setup = setupGateway();
    setup.fake.script('status', { status: 500, text: '' });

    expect((await query(setup)).status).toBe('completed');
    expect(setup.fake.requestsTo('status')).toHaveLength(2);
  });

  it('does not retry a 429 at once: it says how long to wait', async () => {
    const setup = setupGateway();
    setup.fake.script('status', json(429, {}, { 'retry-after': '30' }));

    expect(await query(setup).catch((e: unknown) => e)).toMatchObject({
      code: 'provider_unavailable',
      retryAfterMs: 30_000,
    });
    expect(setup.fake.requestsTo('status')).toHaveLength(1);
  });

  it('reports an unknown order as provider_rejected with the gateway’s code', async () => {
    const setup = setupGateway();
    setup.fake.script('status', json(404, { result: { code: 4, message: 'ORDER NOT FOUND' } }));

    expect(await query(setup).catch((e: unknown) => e)).toMatchObject({
      code: 'provider_rejected',
      providerCode: '4',
      retryable: false,
    });
    expect(setup.fake.requestsTo('status')).toHaveLength(1);
  });

  it('reports an unreadable answer as retryable, not ambiguous (a read changes nothing)', async () => {
    const setup = setupGateway();
    setup.fake.script('status', { status: 200, text: '{}' }, { status: 200, text: 'nope' });

    expect(await query(setup).catch((e: unknown) => e)).toMatchObject({
      code: 'provider_unavailable',
      ambiguous: false,
      retryable: true,
    });
  });

  it('needs a providerRef', async () => {
    const setup = setupGateway();

    expect(await query(setup, ' ').catch((e: unknown) => e)).toMatchObject({
      code: 'provider_rejected',
    });
    expect(setup.fake.requests).toHaveLength(0);
  });
});
