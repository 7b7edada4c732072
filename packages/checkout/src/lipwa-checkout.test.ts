import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import {
  cleanUp,
  onCleanup,
  type SetupOptions,
  setupTest,
  shadowText,
  startPaymentWith,
} from './test-checkout.js';
import { createTestServer, paymentFixture, problem, T0, TOKEN } from './test-server.js';

afterEach(cleanUp);

describe('<lipwa-checkout> accessibility', () => {
  it('labels the phone field, announces states politely and marks an invalid number', async () => {
    const { element, phoneField } = await setupTest();

    const live = element.shadowRoot?.querySelector('[aria-live="polite"]');
    await expect.element(phoneField).toHaveAttribute('aria-invalid', 'false');
    expect(live?.getAttribute('role')).toBe('status');
    expect(element.shadowRoot?.querySelector('label')?.textContent).toContain(
      'M-Pesa phone number',
    );

    await userEvent.fill(phoneField, '0812 345');
    await userEvent.keyboard('{Enter}');

    await expect.element(phoneField).toHaveAttribute('aria-invalid', 'true');
    await expect.element(phoneField).toHaveAccessibleDescription(/too short/);
  });

  it('does not pull focus from the page when it first loads', async () => {
    const { element } = await setupTest();

    await element.updateComplete;

    expect(element.shadowRoot?.activeElement ?? null).toBeNull();
  });
});

describe('<lipwa-checkout> phone entry', () => {
  it('shows the merchant and the amount from GET /session with the token as a Bearer header', async () => {
    const { element, server } = await setupTest();

    expect(server.requests[0]).toMatchObject({
      method: 'GET',
      path: '/session',
      authorization: `Bearer ${TOKEN}`,
    });
    expect(element.state).toBe('phone');
    await expect.element(page.getByRole('heading', { name: 'Pay Pwani Crafts' })).toBeVisible();
    expect(shadowText(element)).toContain('KES 1,500');
  });

  it('refuses a malformed number inline, under the field, before any request is sent', async () => {
    const { server, phoneField } = await setupTest();

    await userEvent.fill(phoneField, '0812 345 678');
    await page.getByRole('button', { name: /^Pay/ }).click();

    await expect
      .element(page.getByText('Kenyan mobile numbers start with 07 or 01.'))
      .toBeVisible();
    expect(server.requestsTo('POST', '/payments')).toEqual([]);
  });

  it('prefills the phone attribute and submits the normalised number when Enter is pressed', async () => {
    const { server, phoneField, eventsOfType } = await setupTest({
      attributes: { phone: '0711 000 000' },
    });

    await expect.element(phoneField).toHaveValue('0711 000 000');
    await userEvent.click(phoneField);
    await userEvent.keyboard('{Enter}');

    await expect.element(page.getByRole('heading', { name: 'Check your phone' })).toBeVisible();
    expect(server.requestsTo('POST', '/payments')[0]?.body).toEqual({
      phone: '254711000000',
      method: 'daraja',
    });
    expect(eventsOfType('lipwa-started')).toHaveLength(1);
  });

  it('shows a server invalid_phone refusal inline on the field', async () => {
    const { phoneField } = await setupTest({
      configure: (server) => {
        server.handlers.set('POST /payments', () => problem('invalid_phone', 422));
      },
    });

    await userEvent.fill(phoneField, '0711000000');
    await userEvent.keyboard('{Enter}');

    await expect.element(phoneField).toHaveAttribute('aria-invalid', 'true');
    await expect.element(phoneField).toHaveAccessibleDescription(/cannot use this phone number/);
  });
});

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

describe('<lipwa-checkout> server answers', () => {
  it('resumes a pending payment found by GET /session instead of starting again', async () => {
    const { element, server } = await setupTest({
      configure: (s) => {
        s.sessionPayment = paymentFixture();
      },
    });

    expect(element.state).toBe('waiting');
    await expect.poll(() => server.streams.length).toBe(1);
    expect(server.requestsTo('POST', '/payments')).toEqual([]);
  });

  it('never offers a hosted page whose address is not http(s)', async () => {
    const { element, server } = await setupTest({
      configure: (s) => {
        s.sessionPayment = paymentFixture({
          provider: 'cashpay',
          next: { type: 'redirect', url: 'https://pay.cashpay.example/checkout/ch_81' },
        });
      },
    });

    await expect.element(page.getByRole('button', { name: 'Continue to pay' })).toBeVisible();
    await expect.poll(() => server.streams.length).toBe(1);
    server.streams[0]?.sendPayment(
      paymentFixture({ next: { type: 'redirect', url: 'javascript:alert(1)' } }),
    );
    await expect.poll(() => element.shadowRoot?.querySelector('button[part~="button"]')).toBeNull();
  });

  it('shows the session-expired state when GET /session answers 401 session_expired', async () => {
    const { element, eventsOfType } = await setupTest({
      configure: (server) => {
        server.handlers.set('GET /session', () => problem('session_expired', 401));
      },
    });

    expect(element.state).toBe('session-expired');
    await expect.element(page.getByText(/session expired or is no longer valid/)).toBeVisible();
    expect(eventsOfType('lipwa-session-expired')[0]).toMatchObject({
      bubbles: true,
      composed: true,
    });
  });

  it('reloads when the session attribute changes, refusing a token the server does not accept', async () => {
    const { element } = await setupTest();

    element.setAttribute('session', 'forged.token.value');

    await expect.poll(() => element.state).toBe('session-expired');
  });

  it('treats 409 session_paid as paid', async () => {
    const { element, phoneField } = await setupTest({
      configure: (server) => {
        server.handlers.set('POST /payments', () => {
          server.sessionPayment = paymentFixture({ status: 'completed', receipt: 'NLJ7RT61SV' });
          return problem('session_paid', 409);
        });
      },
    });

    await userEvent.fill(phoneField, '0711000000');
    await userEvent.keyboard('{Enter}');

    await expect.element(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    expect(shadowText(element)).toContain('NLJ7RT61SV');
  });

  it('asks the customer to wait retryAfter seconds on 429 attempt_cooldown', async () => {
    const { phoneField } = await setupTest({
      configure: (server) => {
        server.handlers.set('POST /payments', () =>
          problem('attempt_cooldown', 429, { retryAfter: 30 }),
        );
      },
    });

    await userEvent.fill(phoneField, '0711000000');
    await userEvent.keyboard('{Enter}');

    await expect
      .element(page.getByText('Please wait 30 seconds before trying again.'))
      .toBeVisible();
  });

  it('offers a retry when the provider is unavailable (502)', async () => {
    const { phoneField } = await setupTest({
      configure: (server) => {
        server.handlers.set('POST /payments', () => problem('provider_unavailable', 502));
      },
    });

    await userEvent.fill(phoneField, '0711000000');
    await userEvent.keyboard('{Enter}');

    await expect.element(page.getByText(/M-Pesa could not be reached/)).toBeVisible();
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.element(phoneField).toHaveValue('0711000000');
  });

  it('shows the reason of a refused push from the attempt the server recorded, with lipwa-failure', async () => {
    const refused = paymentFixture({ status: 'failed', reason: 'subscriber_busy' });
    const { phoneField, eventsOfType } = await setupTest({
      configure: (server) => {
        server.handlers.set('POST /payments', () => {
          server.sessionPayment = refused;
          return problem('provider_rejected', 502, { retryAfter: 60 });
        });
      },
    });

    await userEvent.fill(phoneField, '0711 000 017');
    await userEvent.keyboard('{Enter}');

    await expect.element(page.getByText(/busy with another payment/)).toBeVisible();
    const [failure] = eventsOfType('lipwa-failure');
    expect((failure as CustomEvent).detail.payment).toEqual(refused);
  });

  it('explains a refused push from the reason in the problem when there is no recorded attempt', async () => {
    const { phoneField, eventsOfType } = await setupTest({
      configure: (server) => {
        server.handlers.set('POST /payments', () =>
          problem('provider_rejected', 502, { reason: 'subscriber_busy' }),
        );
      },
    });

    await userEvent.fill(phoneField, '0711 000 017');
    await userEvent.keyboard('{Enter}');

    await expect.element(page.getByText(/busy with another payment/)).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    // No payment exists, so there is no lipwa-failure (it always carries a payment).
    expect(eventsOfType('lipwa-failure')).toEqual([]);
  });

  it('shows the error state with a retry when the session cannot be loaded', async () => {
    const { element, server } = await setupTest({
      configure: (s) => {
        s.handlers.set('GET /session', () => Promise.reject(new TypeError('Failed to fetch')));
      },
    });

    expect(element.state).toBe('error');
    await expect.element(page.getByText(/could not reach the payment server/)).toBeVisible();
    server.handlers.delete('GET /session');
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => element.state).toBe('phone');
    // The customer pressed the button, so focus lands on the new heading, not on the page.
    await expect
      .poll(() => element.shadowRoot?.activeElement?.textContent)
      .toBe('Pay Pwani Crafts');
  });

  it('refuses to start once the session has expired by the clock, without a request', async () => {
    const { element, server, clock, phoneField } = await setupTest();

    await clock.advance(16 * 60_000);
    await userEvent.fill(phoneField, '0711000000');
    await userEvent.keyboard('{Enter}');

    await expect.poll(() => element.state).toBe('session-expired');
    expect(server.requestsTo('POST', '/payments')).toEqual([]);
    expect(clock.now()).toBeGreaterThan(T0);
  });

  it('gets its token from session-url with the page cookies', async () => {
    const server = createTestServer();
    const calls: RequestInit[] = [];
    const element = document.createElement('lipwa-checkout');
    element.fetch = (input, init) => {
      if (input === '/shop/checkout-session') {
        calls.push(init ?? {});
        return Promise.resolve(
          new Response(JSON.stringify({ token: TOKEN }), {
            headers: { 'content-type': 'application/json' },
          }),
        );
      }
      return server.fetch(input, init);
    };
    element.setAttribute('session-url', '/shop/checkout-session');
    document.body.append(element);
    onCleanup(() => element.remove());

    await expect.poll(() => element.state).toBe('phone');
    expect(calls[0]).toMatchObject({ method: 'POST', credentials: 'same-origin' });
  });
});

describe('<lipwa-checkout> languages', () => {
  it('speaks Swahili when locale="sw", amounts formatted for Kenya', async () => {
    const { element } = await setupTest({ attributes: { locale: 'sw' } });

    await expect.element(page.getByRole('heading', { name: 'Lipa Pwani Crafts' })).toBeVisible();
    await expect.element(page.getByLabelText('Nambari ya simu ya M-Pesa')).toBeVisible();
    expect(shadowText(element)).toContain('KES 1,500');
  });

  it('lays the merchant strings over the table, reasons included', async () => {
    const { server } = await startPaymentWith({
      prepare: (element) => {
        element.strings = {
          waitingHeading: 'Angalia simu',
          reasons: { wrong_pin: 'Wrong PIN, friend.' },
        };
      },
    });

    await expect.element(page.getByRole('heading', { name: 'Angalia simu' })).toBeVisible();
    server.streams[0]?.sendPayment(paymentFixture({ status: 'failed', reason: 'wrong_pin' }));
    await expect.element(page.getByText('Wrong PIN, friend.')).toBeVisible();
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

describe('<lipwa-checkout> real life', () => {
  it('shows Reconnecting… while offline without leaving the waiting state, then refetches', async () => {
    const { element, server, eventsOfType } = await startPaymentWith();
    const pollPath = `/payments/${server.payment.id}`;

    window.dispatchEvent(new Event('offline'));
    await expect.element(page.getByText('Connection lost. Reconnecting…')).toBeVisible();
    expect(element.state).toBe('waiting');
    expect(element.offline).toBe(true);
    server.streams[0]?.fail();
    server.payment = paymentFixture({ status: 'completed', receipt: 'NLJ7RT61SV' });
    window.dispatchEvent(new Event('online'));

    await expect.element(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    expect(server.requestsTo('GET', pollPath).length).toBeGreaterThan(0);
    expect(element.offline).toBe(false);
    expect(eventsOfType('lipwa-offline')[0]).toMatchObject({ bubbles: true, composed: true });
    expect(eventsOfType('lipwa-online')).toHaveLength(1);
  });

  it('notices lost requests itself and says so until one gets through', async () => {
    const { element, server, clock } = await startPaymentWith();
    server.handlers.set('GET /payments/:id', () =>
      Promise.reject(new TypeError('Failed to fetch')),
    );

    server.streams[0]?.fail();

    await expect.poll(() => element.offline).toBe(true);
    server.handlers.delete('GET /payments/:id');
    await clock.advance(2000);
    await expect.poll(() => element.offline).toBe(false);
    expect(element.state).toBe('waiting');
  });

  it('refetches the payment and reopens a dead stream when the page becomes visible', async () => {
    const { server } = await startPaymentWith();
    server.streams[0]?.fail();
    await expect
      .poll(() => server.requestsTo('GET', `/payments/${server.payment.id}`).length)
      .toBe(1);

    document.dispatchEvent(new Event('visibilitychange'));

    await expect
      .poll(() => server.requestsTo('GET', `/payments/${server.payment.id}`).length)
      .toBe(2);
    await expect.poll(() => server.streams.length).toBe(2);
  });

  it('gives up on POST /payments after 30 s and finds the attempt instead of starting twice', async () => {
    const { element, server, clock, phoneField } = await setupTest({
      prepare: (element, server) => {
        element.fetch = (input, init) =>
          init?.method === 'POST'
            ? new Promise((_, reject) => {
                init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
              })
            : server.fetch(input, init);
      },
    });
    await userEvent.fill(phoneField, '0711000000');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => element.state).toBe('sending');
    server.sessionPayment = paymentFixture();

    await clock.advance(30_000);

    await expect.poll(() => element.state).toBe('waiting');
    expect(server.requestsTo('POST', '/payments')).toHaveLength(0);
    await expect.poll(() => server.streams.length).toBe(1);
  });

  it('shows a retryable message when the timed-out attempt is nowhere to be found', async () => {
    const { element, clock, phoneField } = await setupTest({
      prepare: (element, server) => {
        element.fetch = (input, init) =>
          init?.method === 'POST'
            ? new Promise((_, reject) => {
                init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
              })
            : server.fetch(input, init);
      },
    });
    await userEvent.fill(phoneField, '0711000000');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => element.state).toBe('sending');

    await clock.advance(30_000);

    await expect.element(page.getByText(/taking too long to answer/)).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  });
});

describe('<lipwa-checkout> layout', () => {
  it('keeps the loading skeleton as tall as the phone entry, so nothing jumps', async () => {
    let release: () => void = () => undefined;
    const { element } = await setupTest({
      loading: true,
      configure: (server) => {
        const session = server.session;
        server.handlers.set(
          'GET /session',
          () =>
            new Promise((resolve) => {
              release = () => resolve(new Response(JSON.stringify({ session, payment: null })));
            }),
        );
      },
    });
    await element.updateComplete;
    const base = () =>
      element.shadowRoot?.querySelector('[part~="base"]')?.getBoundingClientRect().height ?? 0;
    const loadingHeight = base();

    release();
    await expect.poll(() => element.state).toBe('phone');
    await element.updateComplete;

    expect(Math.abs(base() - loadingHeight)).toBeLessThanOrEqual(4);
  });

  it('fits a 320 px phone without horizontal scrolling, with 44 px touch targets', async () => {
    await page.viewport(320, 640);
    try {
      const { element } = await startPaymentWith({ attributes: { paybill: '174379' } });
      element.shadowRoot?.querySelector('details')?.setAttribute('open', '');
      await element.updateComplete;

      expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(320);
      const targets = element.shadowRoot?.querySelectorAll('button, summary') ?? [];
      for (const target of targets) {
        expect(target.getBoundingClientRect().height).toBeGreaterThanOrEqual(44);
      }
      expect(targets.length).toBeGreaterThan(0);
    } finally {
      await page.viewport(414, 896);
    }
  });
});
