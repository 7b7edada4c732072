/** The element's entry: accessibility, phone entry, languages and layout. */
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { cleanUp, setupTest, shadowText, startPaymentWith } from './test-checkout.js';
import { paymentFixture, problem, TOKEN } from './test-server.js';

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

/** A widget whose `GET /session` answers only when the test releases it. */
async function setupHeldSession() {
  let release: () => void = () => undefined;
  const context = await setupTest({
    loading: true,
    configure: (server) => {
      server.handlers.set(
        'GET /session',
        () =>
          new Promise((resolve) => {
            release = () =>
              resolve(
                new Response(
                  JSON.stringify({
                    session: server.session,
                    methods: server.methods,
                    payment: null,
                  }),
                ),
              );
          }),
      );
    },
  });
  await context.element.updateComplete;
  return { ...context, release: () => release() };
}

describe('<lipwa-checkout> while the session loads', () => {
  it('takes the number at once; "Pay" waits for the session, then pays that number', async () => {
    const { element, server, phoneField, release } = await setupHeldSession();
    const payButton = page.getByRole('button', { name: /^Pay/ });

    expect(element.state).toBe('loading');
    await expect.element(phoneField).toBeEnabled();
    await expect.element(payButton).toBeDisabled();
    await userEvent.fill(phoneField, '0708 374 149');
    await userEvent.keyboard('{Enter}');
    expect(server.requestsTo('POST', '/payments')).toEqual([]);

    const field = element.shadowRoot?.querySelector('input');
    release();
    await expect.poll(() => element.state).toBe('phone');
    await expect.element(payButton).toHaveAccessibleName('Pay KES 1,500');
    // The same field, still holding the number and the customer's focus.
    await element.updateComplete;
    expect(element.shadowRoot?.querySelector('input')).toBe(field);
    expect(element.shadowRoot?.activeElement).toBe(field);
    await expect.element(phoneField).toHaveValue('0708 374 149');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => element.state).toBe('waiting');
    expect(server.requestsTo('POST', '/payments')[0]?.body).toMatchObject({
      phone: '254708374149',
    });
  });
});

describe('<lipwa-checkout> layout', () => {
  it('keeps the loading skeleton as tall as the phone entry, so nothing jumps', async () => {
    const { element, release } = await setupHeldSession();
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
