import { describe, expect, it } from 'vitest';
import { operationStatus } from './gateway-operation.js';
import { createGatewaySigner } from './gateway-signature.js';
import { posDeposit, posWithdrawal } from './pos.js';
import { json, operationAnswer, sample, setupGateway } from './test-fake-gateway.js';

function setupPos() {
  const setup = setupGateway();
  return { ...setup, signer: createGatewaySigner(sample.secretKey) };
}

const cash = {
  orderId: 'pos-77',
  phone: '254708374149',
  amount: { amount: 100_000, currency: 'KES' },
  destinationId: '2133456',
};

describe('POS deposit and withdrawal', () => {
  it('posts a deposit to /{public_id}/deposit with provider 15 and the documented order', async () => {
    const { fake, config, signer } = setupPos();

    const result = await posDeposit(config, signer, { ...cash, extra: { terminal: 'T1' } });

    const [request] = fake.requestsTo('deposit');
    expect(request?.url).toBe(`https://gateway.test/${sample.publicId}/deposit`);
    expect(Object.keys(request?.json ?? {})).toEqual([
      'merchant_id',
      'customer_id',
      'order_id',
      'amount',
      'currency',
      'country',
      'extra',
      'provider_id',
      'destination_id',
      'signature',
    ]);
    expect(request?.json).toMatchObject({
      provider_id: 15,
      amount: '1000.00',
      extra: { terminal: 'T1' },
    });
    expect(result.update).toMatchObject({ status: 'completed', receipt: 'TAF1B2C3D4' });
  });

  it('asks for the OTP on a withdrawal, then sends confirmation_code before extra', async () => {
    const { fake, config, signer } = setupPos();
    fake.script(
      'withdrawal',
      json(200, operationAnswer('pos-77', 0, { confirm_type: 1 })),
      json(200, operationAnswer('pos-77', 2, { confirm_type: 0 })),
    );

    const first = await posWithdrawal(config, signer, cash);
    const second = await posWithdrawal(
      config,
      signer,
      { ...cash, extra: { terminal: 'T1' } },
      '123456',
    );

    expect(first).toMatchObject({ needsConfirmation: true, confirmType: 1 });
    expect(second.update.status).toBe('completed');
    expect(Object.keys(fake.requestsTo('withdrawal')[1]?.json ?? {})).toEqual([
      'merchant_id',
      'customer_id',
      'order_id',
      'amount',
      'currency',
      'country',
      'confirmation_code',
      'extra',
      'provider_id',
      'destination_id',
      'signature',
    ]);
  });

  it('refuses extra parameters that are not flat text, before sending', async () => {
    const { fake, config, signer } = setupPos();

    const error = await posDeposit(config, signer, {
      ...cash,
      extra: { nested: { a: 1 } } as unknown as Record<string, string>,
    }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'invalid_field', details: { field: 'extra' } });
    expect(fake.requests).toHaveLength(0);
  });

  it('reads any order’s status with every code, and retries one 500 at once', async () => {
    const { fake, config, signer } = setupPos();
    fake.script(
      'status',
      json(500, { result: { code: -1, message: 'INTERNAL ERROR' } }),
      json(200, operationAnswer('pos-77', 6)),
    );

    const status = await operationStatus(config, signer, 'pos-77');

    expect(status).toMatchObject({ gatewayStatus: 6, update: { status: 'pending' } });
    expect(fake.requestsTo('status')).toHaveLength(2);
  });
});
