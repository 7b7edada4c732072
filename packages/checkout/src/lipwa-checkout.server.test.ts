/** What the server answers, and real life: offline, a frozen tab, an unanswered request. */
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { cleanUp, onCleanup, setupTest, shadowText, startPaymentWith } from './test-checkout.js';
import { createTestServer, paymentFixture, problem, T0, TOKEN } from './test-server.js';

afterEach(cleanUp);

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
