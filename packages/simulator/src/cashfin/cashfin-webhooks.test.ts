/** Cashfin's webhooks from the simulator: what each payment outcome posts and how it is signed. */
import { describe, expect, it } from 'vitest';
import { cashfinSandbox } from './sandbox.js';
import { events, fx, startFixtureForEachTest } from './test-cashfin-router-setup.js';
import { signCashfinWebhook } from './webhook.js';

startFixtureForEachTest();

describe('Cashfin webhooks', () => {
  it('posts a signed payment.completed to the registered URL for the paid magic number', async () => {
    const id = await fx.accepted({ phone: '254711000000', amount: 1500, referenceid: 'ORDER-7' });
    await fx.settle();

    const [webhook] = fx.receiver.received;
    expect(fx.receiver.received).toHaveLength(1);
    expect(webhook?.path).toBe('/lipwa/callbacks/cashfin');
    expect(webhook?.headers['content-type']).toBe('application/json');
    expect(webhook?.headers['x-cashfin-signature']).toBe(
      signCashfinWebhook(webhook?.rawBody ?? '', cashfinSandbox.webhookSecret),
    );
    expect(events()[0]).toEqual({
      type: 'payment.completed',
      data: {
        _id: expect.stringMatching(/^[0-9a-f]{24}$/),
        checkoutrequestid: id,
        merchantrequestid: expect.any(String),
        referenceid: 'ORDER-7',
        amount: 1500,
        currency: 'KES',
        phone: '254711000000',
        channel: 'mpesa',
        status: 'completed',
        resultcode: '0',
        resultdesc: 'The service request is processed successfully.',
        mpesareceiptnumber: expect.stringMatching(/^[A-Z0-9]{10}$/),
        createdat: expect.stringMatching(/Z$/),
        updatedat: expect.stringMatching(/Z$/),
      },
    });
  });

  it.each([
    ['254711000001', 'failed', '1'],
    ['254711002001', 'failed', '2001'],
    ['254711000032', 'cancelled', '1032'],
    ['254711000037', 'failed', '1037'],
  ])('says %s as payment.failed with status %s and resultcode %s', async (phone, status, code) => {
    const id = await fx.accepted({ phone });
    await fx.settle();

    expect(events()).toEqual([
      {
        type: 'payment.failed',
        data: expect.objectContaining({ checkoutrequestid: id, status, resultcode: code }),
      },
    ]);
    expect(events()[0]?.data).not.toHaveProperty('mpesareceiptnumber');
  });

  it('loses the webhook for 254711000099 and doubles it for 254711000098', async () => {
    await fx.accepted({ phone: '254711000099' });
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(0);

    await fx.accepted({ phone: '254711000098' });
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(2);
    expect(fx.receiver.received[1]?.rawBody).toBe(fx.receiver.received[0]?.rawBody);
  });

  it('waits for the virtual phone on other numbers, then reports the answer', async () => {
    const id = await fx.accepted({ phone: '254708374149' });
    await fx.settle();
    expect(fx.receiver.received).toHaveLength(0);

    await fx.simulator.control.answer(id, 'wrong_pin');
    await fx.settle();

    expect(events()).toEqual([
      {
        type: 'payment.failed',
        data: expect.objectContaining({
          checkoutrequestid: id,
          status: 'failed',
          resultcode: '2001',
        }),
      },
    ]);
  });

  it('reports an unanswered prompt as no response after the prompt timeout', async () => {
    await fx.accepted({ phone: '254708374149' });

    await fx.settle(60_000);

    expect(events()[0]?.data).toMatchObject({ status: 'failed', resultcode: '1037' });
  });

  it('sends nothing, and says so in the log, when no webhook URL is registered', async () => {
    fx.simulator.control.setWebhookUrl('cashfin', undefined);

    const id = await fx.accepted({ phone: '254711000000' });
    await fx.settle();

    expect(fx.receiver.received).toHaveLength(0);
    expect(fx.logs).toContain(
      `cashfin ${id}: payment.completed not sent, no webhook URL is registered`,
    );
  });

  it('follows a webhook URL set through the control API', async () => {
    const other = await (await import('./test-cashfin-client.js')).startWebhookReceiver();
    try {
      const response = await fetch(`${fx.simulator.url}/_control/webhooks/cashfin`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: other.url }),
      });
      expect(response.status).toBe(204);

      await fx.accepted();
      await fx.settle();

      expect(other.received).toHaveLength(1);
      expect(fx.receiver.received).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('never logs the secrets and masks phone numbers', async () => {
    await fx.accepted({ phone: '254711000000' });
    await fx.request(fx.body(), { authorization: 'cs_wrong_secret_value' });
    await fx.settle();

    const log = fx.logs.join('\n');
    expect(log).toContain('2547•••••000');
    expect(log).not.toContain('254711000000');
    expect(log).not.toContain(cashfinSandbox.clientSecret);
    expect(log).not.toContain(cashfinSandbox.webhookSecret);
    expect(log).not.toContain('cs_wrong_secret_value');
  });
});
