/** The gateway's POS deposit and withdrawal against @lipwa/simulator over real HTTP. */
import { gatewayConfirmationCode } from '@lipwa/simulator';
import { describe, expect, it } from 'vitest';
import {
  adapter,
  errorOf,
  kes,
  nextOrder,
  registerPaybill,
  settle,
  shop,
  sim,
  startSimulatorAndShop,
} from './test-gateway-operations.js';

startSimulatorAndShop();

describe('gateway POS against the simulator', () => {
  it('completes a deposit at once and reports it to the registered URL', async () => {
    await registerPaybill(false);
    const orderId = nextOrder('deposit');

    const deposit = await adapter.pos.deposit({
      orderId,
      phone: '254708374149',
      amount: kes(1000),
      destinationId: '2133456',
      extra: { terminal: 'T1' },
    });
    await settle();

    expect(deposit.update).toMatchObject({ status: 'completed', receipt: expect.any(String) });
    expect(JSON.parse(shop.to('/gateway-paybill')[0]?.rawBody ?? '{}')).toMatchObject({
      order_id: orderId,
    });
    expect((await adapter.pos.status(orderId)).gatewayStatus).toBe(2);
  });

  it('asks for the customer’s OTP on a withdrawal, then completes it', async () => {
    const request = { orderId: nextOrder('withdrawal'), phone: '254708374149', amount: kes(1000) };

    const first = await adapter.pos.withdrawal(request);
    const done = await adapter.pos.confirmWithdrawal(request, gatewayConfirmationCode);

    expect(first).toMatchObject({ gatewayStatus: 0, needsConfirmation: true });
    expect(done.update).toMatchObject({ status: 'completed' });
  });

  it('takes the OTP in the first request, and fails a withdrawal the customer cannot cover', async () => {
    const direct = await adapter.pos.withdrawal(
      { orderId: nextOrder('withdrawal'), phone: '254708374149', amount: kes(10) },
      gatewayConfirmationCode,
    );
    const broke = await adapter.pos.withdrawal(
      { orderId: nextOrder('withdrawal'), phone: '254711000001', amount: kes(10) },
      gatewayConfirmationCode,
    );

    expect(direct.update.status).toBe('completed');
    expect(broke.update).toMatchObject({ status: 'failed', reason: 'insufficient_funds' });
  });

  it('reports a POS fault in the gateway’s envelope', async () => {
    sim.control.fault({
      provider: 'gateway',
      operation: 'pos',
      kind: 'http',
      status: 503,
      errorCode: '-1',
    });

    const error = await errorOf(
      adapter.pos.deposit({
        orderId: nextOrder('deposit'),
        phone: '254708374149',
        amount: kes(10),
      }),
    );

    expect(error).toMatchObject({ code: 'provider_unavailable', providerCode: '-1' });
  });
});
