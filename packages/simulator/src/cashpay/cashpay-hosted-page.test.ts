/**
 * CashPay's hosted payment page over real HTTP (GET /cashpay/pay/:id): its buttons, the redirect
 * back and the webhook to `post_url`.
 */
import { describe, expect, it } from 'vitest';
import { CASHPAY_SANDBOX_MERCHANT } from './sandbox.js';
import {
  type Charge,
  merchant,
  newCharge,
  press,
  receiver,
  retrieve,
  sim,
  startSimulatorForEachTest,
} from './test-cashpay-simulator.js';

startSimulatorForEachTest();

describe('CashPay hosted payment page: GET /cashpay/pay/:id', () => {
  it('shows the merchant, amount and currency with three named actions and no script', async () => {
    const charge = await newCharge();

    const response = await fetch(charge.transaction_url);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain(CASHPAY_SANDBOX_MERCHANT);
    expect(html).toContain('YER 2,000');
    expect(html).toContain('>Approve payment</button>');
    expect(html).toContain('>Decline payment</button>');
    expect(html).toContain('>Close without paying</button>');
    expect(html).not.toMatch(/<script|\sstyle=|\son\w+=/i);
  });

  it('is served under a CSP without script that lets its forms return to the merchant only', async () => {
    const charge = await newCharge();

    const response = await fetch(charge.transaction_url);

    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("form-action 'self' http://127.0.0.1:9");
    expect((await fetch(`${sim.cashpay.baseUrl}/pay.css`)).headers.get('content-type')).toMatch(
      /^text\/css/,
    );
  });

  it('Approve captures the charge, posts the charge object to post_url and sends the customer back', async () => {
    const charge = await newCharge();

    const response = await press(charge, 'approve');

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(merchant);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.path).toBe('/lipwa/callbacks/cashpay/tok_5f2c9a');
    expect(receiver.received[0]?.body).toEqual({ ...charge, status: 'CAPTURED' });
    expect(receiver.received[0]?.headers['content-type']).toBe('application/json');
    expect(await (await retrieve(charge.id)).json()).toMatchObject({ status: 'CAPTURED' });
  });

  it('Decline fails the charge and sends the webhook', async () => {
    const charge = await newCharge();

    const response = await press(charge, 'decline');

    expect(response.status).toBe(303);
    expect(receiver.received[0]?.body).toMatchObject({ id: charge.id, status: 'FAILED' });
    expect(await (await retrieve(charge.id)).json()).toMatchObject({ status: 'FAILED' });
  });

  it('Close without paying goes back to the merchant and leaves the charge payable', async () => {
    const charge = await newCharge();

    const closed = await press(charge, 'close');
    const still = (await (await retrieve(charge.id)).json()) as Charge;
    const page = await (await fetch(charge.transaction_url)).text();

    expect(closed.status).toBe(303);
    expect(closed.headers.get('location')).toBe(merchant);
    expect(receiver.received).toHaveLength(0);
    expect(still.status).toBe('INITIATED');
    expect(page).toContain('Approve payment');
  });

  it('refuses to settle a charge twice and shows how it ended', async () => {
    const charge = await newCharge();
    await press(charge, 'decline');

    const again = await press(charge, 'approve');
    const page = await (await fetch(charge.transaction_url)).text();

    expect(again.status).toBe(409);
    expect(receiver.received).toHaveLength(1);
    expect(page).toContain('This payment was declined.');
    expect(page).not.toContain('Approve payment');
  });

  it('answers 404 for a charge it never created', async () => {
    const response = await fetch(`${sim.cashpay.baseUrl}/pay/chg_0000000000`);

    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Payment not found');
  });

  it('sends no webhook for a charge created without post_url', async () => {
    const charge = await newCharge({ post_url: undefined });

    await press(charge, 'approve');

    expect(receiver.received).toHaveLength(0);
    expect(await (await retrieve(charge.id)).json()).toMatchObject({ status: 'CAPTURED' });
  });
});
