/** Waiting for the PIN: the countdown, the stream, more time, help, outcomes and the cooldown. */
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import {
  cleanUp,
  type SetupOptions,
  setupTest,
  shadowText,
  startPaymentWith,
} from './test-checkout.js';
import { paymentFixture, problem, T0 } from './test-server.js';

afterEach(cleanUp);

describe('<lipwa-checkout> waiting for the PIN', () => {
  async function startPayment(options: SetupOptions = {}) {
    const context = await setupTest(options);
    await userEvent.fill(context.phoneField, '0708 374 149');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => context.element.state).toBe('waiting');
    await expect.poll(() => context.server.streams.length).toBe(1);
    return context;
  }

  it('shows the merchant, the amount, the phone as Kenyans write it (middle hidden) and moves focus to the heading', async () => {
    const { element } = await startPayment();

    // Focus lives inside the shadow root, so read the root's activeElement.
    await expect
      .poll(() => element.shadowRoot?.activeElement?.textContent)
      .toBe('Check your phone');
    expect(shadowText(element)).toContain(
      'Enter your M-Pesa PIN on 0708 ••• 149 to pay Pwani Crafts KES 1,500.',
    );
  });

  it('counts down to promptExpiresAt with the injected clock', async () => {
    const { clock } = await startPayment();

    await expect.element(page.getByRole('timer')).toHaveTextContent('The request expires in 1:00.');
    await clock.advance(15_000);

    await expect.element(page.getByRole('timer')).toHaveTextContent('The request expires in 0:45.');
    await clock.advance(45_000);
    await expect.element(page.getByRole('timer')).toHaveTextContent(/Still waiting for M-Pesa/);
  });

  it('shows the receipt when the stream reports completion and fires bubbling, composed events', async () => {
    const { element, server, states, eventsOfType } = await startPayment();

    server.streams[0]?.sendPayment(paymentFixture()); // the current view, sent first
    server.streams[0]?.write(': ping\n\n');
    server.streams[0]?.sendPayment(paymentFixture({ status: 'completed', receipt: 'NLJ7RT61SV' }));

    await expect.element(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    expect(shadowText(element)).toContain('NLJ7RT61SV');
    const [success] = eventsOfType('lipwa-success');
    expect(success).toMatchObject({ bubbles: true, composed: true });
    expect((success as CustomEvent).detail.payment.receipt).toBe('NLJ7RT61SV');
    expect(states).toEqual(['phone', 'sending', 'waiting', 'success']);
  });

  it('reads a multi-line event split into chunks', async () => {
    const { server } = await startPayment();
    const [head, tail] = JSON.stringify(
      paymentFixture({ status: 'failed', reason: 'insufficient_funds', providerCode: '1' }),
    ).split('"status"');

    server.streams[0]?.write(`event: payment\r\ndata: ${head}\r\n`);
    server.streams[0]?.write(`data: "status"${tail}\r\n\r\n`);

    await expect
      .element(page.getByText('There is not enough money in your M-Pesa account for this payment.'))
      .toBeVisible();
  });

  it('falls back to polling every 2 s when the stream fails, then tries the stream again', async () => {
    const { server, clock } = await startPayment();
    const pollPath = `/payments/${server.payment.id}`;

    server.streams[0]?.fail();
    await expect.poll(() => server.requestsTo('GET', pollPath).length).toBe(1);
    await expect.poll(() => clock.pending).toBe(2); // the countdown tick and the next poll
    await clock.advance(2000);
    expect(server.requestsTo('GET', pollPath)).toHaveLength(2);
    await clock.advance(8000);
    expect(server.streams).toHaveLength(2);
    server.payment = paymentFixture({ status: 'completed', receipt: 'NLJ7RT61SV' });
    server.streams[1]?.close();

    await expect.element(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
  });

  it('polls when the stream ends before a final status', async () => {
    const { server, clock } = await startPayment();

    server.streams[0]?.close();
    await expect.poll(() => clock.pending).toBe(2); // the countdown tick and the next poll
    server.payment = paymentFixture({ status: 'cancelled', reason: 'cancelled_by_user' });
    await clock.advance(2000);

    await expect.element(page.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
  });

  it('explains each failure reason in plain words and retries with the phone prefilled', async () => {
    const { server, phoneField, eventsOfType } = await startPayment();

    server.streams[0]?.sendPayment(
      paymentFixture({ status: 'failed', reason: 'wrong_pin', providerCode: '2001' }),
    );
    await expect.element(page.getByText(/You entered a wrong PIN/)).toBeVisible();
    expect(eventsOfType('lipwa-failure')).toHaveLength(1);
    await page.getByRole('button', { name: 'Try again' }).click();

    await expect.element(phoneField).toHaveValue('0708 374 149');
  });

  it('shows an expired prompt with a way to try again', async () => {
    const { server, eventsOfType } = await startPayment();

    server.streams[0]?.sendPayment(paymentFixture({ status: 'expired', reason: 'no_response' }));

    await expect
      .element(page.getByRole('heading', { name: 'Payment request expired' }))
      .toBeVisible();
    await expect
      .element(page.getByText('Your phone did not answer the M-Pesa request in time.'))
      .toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    expect(eventsOfType('lipwa-expired')).toHaveLength(1);
  });
});

describe("<lipwa-checkout> waiting at the customer's pace", () => {
  it('adds a minute per "More time", announces it, and keeps following', async () => {
    const { element, clock, server } = await startPaymentWith();

    await page.getByRole('button', { name: 'More time' }).click();

    await expect.element(page.getByRole('timer')).toHaveTextContent('The request expires in 2:00.');
    await expect.element(page.getByRole('status')).toHaveTextContent(/We added 60 seconds/);
    await clock.advance(120_000);
    await expect.element(page.getByRole('timer')).toHaveTextContent(/Still waiting for M-Pesa/);
    expect(element.state).toBe('waiting');
    server.streams[0]?.sendPayment(paymentFixture({ status: 'completed', receipt: 'NLJ7RT61SV' }));
    await expect.element(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
  });

  it('offers "More time" three times, then keeps focus on the heading', async () => {
    const { element } = await startPaymentWith();
    const more = page.getByRole('button', { name: 'More time' });

    for (let i = 0; i < 3; i++) await more.click();

    await expect.element(page.getByRole('timer')).toHaveTextContent('The request expires in 4:00.');
    expect(element.shadowRoot?.querySelector('[part~="more-time"]')).toBeNull();
    await expect
      .poll(() => element.shadowRoot?.activeElement?.textContent)
      .toBe('Check your phone');
  });

  it('explains the SIM update and the manual Pay Bill route when a paybill is set', async () => {
    const { element } = await startPaymentWith({ attributes: { paybill: '174379' } });

    await page.getByText('Didn’t get the prompt?').click();

    expect(shadowText(element)).toContain('dial *234# and choose “SIM update”');
    await expect
      .element(
        page.getByText(
          'Lipa na M-Pesa → Pay Bill → Business number 174379 → Account ORD-1042 → Amount KES 1,500.',
          { exact: false },
        ),
      )
      .toBeVisible();
  });

  it('shows the Buy Goods route for a till, and no manual route without either', async () => {
    const { element } = await startPaymentWith({ attributes: { till: '5432101' } });

    expect(shadowText(element)).toContain('Buy Goods and Services → Till number 5432101');
    element.till = undefined;
    await element.updateComplete;
    expect(shadowText(element)).not.toContain('Or pay by hand');
    expect(shadowText(element)).toContain('SIM update');
  });

  it('shows receipt, amount and the time paid on success', async () => {
    const { element, server } = await startPaymentWith();

    server.streams[0]?.sendPayment(
      paymentFixture({
        status: 'completed',
        receipt: 'NLJ7RT61SV',
        updatedAt: '2026-11-23T09:00:41.000Z',
      }),
    );

    await expect.element(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    expect(shadowText(element)).toMatch(/Paid on .*2026/);
    expect(shadowText(element)).toContain('KES 1,500');
  });
});

describe('<lipwa-checkout> retry cooldown', () => {
  it('keeps Try again disabled with a live countdown until retryAfter has passed', async () => {
    const { element, clock, phoneField } = await setupTest({
      configure: (server) => {
        server.handlers.set('POST /payments', () =>
          problem('attempt_cooldown', 429, { retryAfter: 12 }),
        );
      },
    });
    await userEvent.fill(phoneField, '0711000000');
    await userEvent.keyboard('{Enter}');
    const retry = page.getByRole('button', { name: /Try again/ });

    await expect.element(retry).toHaveTextContent('Try again in 12 s');
    await expect.element(retry).toHaveAttribute('aria-disabled', 'true');
    // A pressed button during the cooldown changes nothing (it stays focusable, aria-disabled).
    (retry.element() as HTMLElement).click();
    await element.updateComplete;
    expect(element.state).toBe('failure');
    await clock.advance(5000);
    await expect.element(retry).toHaveTextContent('Try again in 7 s');
    await clock.advance(7000);

    await expect.element(retry).toHaveTextContent(/^Try again$/);
    await retry.click();
    await expect.element(phoneField).toHaveValue('0711000000');
  });

  it('honours the retryAfter time on a failed payment', async () => {
    const { server } = await startPaymentWith();

    server.streams[0]?.sendPayment(
      paymentFixture({
        status: 'failed',
        reason: 'subscriber_busy',
        retryAfter: new Date(T0 + 30_000).toISOString(),
      }),
    );

    await expect
      .element(page.getByRole('button', { name: /Try again/ }))
      .toHaveTextContent('Try again in 30 s');
  });
});
