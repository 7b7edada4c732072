import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { LipwaRedirectEvent } from './events.js';
import { cleanUp, type SetupOptions, SHOP_PAGE, setupTest, shadowText } from './test-checkout.js';
import {
  cashpayMethod,
  HOSTED_PAGE_URL,
  mpesaMethod,
  redirectPaymentFixture,
} from './test-server.js';

afterEach(cleanUp);

/** A session that offers M-Pesa first and CashPay second, unless the test offers others. */
function offering(methods = [mpesaMethod, cashpayMethod], options: SetupOptions = {}) {
  return setupTest({
    ...options,
    configure: (server) => {
      server.methods = methods;
      options.configure?.(server);
    },
  });
}

const picker = () => page.getByRole('group', { name: 'Choose how to pay' });
const continueButton = () => page.getByRole('button', { name: 'Continue to CashPay' });

describe('<lipwa-checkout> method picker', () => {
  it('shows no picker when the session offers one method', async () => {
    const { element, phoneField } = await offering([mpesaMethod]);

    await expect.element(phoneField).toBeVisible();
    expect(element.shadowRoot?.querySelector('fieldset, [type="radio"]')).toBeNull();
  });

  it('lists every method in a labelled radio group, the first one chosen', async () => {
    const { phoneField } = await offering();

    await expect.element(picker()).toBeVisible();
    await expect.element(page.getByRole('radio', { name: 'M-Pesa' })).toBeChecked();
    await expect.element(page.getByRole('radio', { name: 'CashPay' })).not.toBeChecked();
    await expect.element(phoneField).toBeVisible();
  });

  it('is chosen with the arrow keys, hiding the phone field for a redirect method', async () => {
    const { element, phoneField } = await offering();
    const cashpay = page.getByRole('radio', { name: 'CashPay' });

    await userEvent.click(page.getByRole('radio', { name: 'M-Pesa' }));
    await userEvent.keyboard('{ArrowDown}');

    await expect.element(cashpay).toBeChecked();
    await expect.element(continueButton()).toBeVisible();
    await expect.element(phoneField).not.toBeInTheDocument();
    // The picker stays where it was, so keyboard focus stays on the chosen radio.
    expect(element.shadowRoot?.activeElement).toBe(cashpay.element());
    await userEvent.keyboard('{ArrowUp}');
    await expect.element(phoneField).toBeVisible();
  });

  it('sends the chosen STK method with the phone', async () => {
    const { server, phoneField } = await offering([cashpayMethod, mpesaMethod]);

    await userEvent.click(page.getByRole('radio', { name: 'M-Pesa' }));
    await userEvent.fill(phoneField, '0708 374 149');
    await userEvent.keyboard('{Enter}');

    await expect.element(page.getByRole('heading', { name: 'Check your phone' })).toBeVisible();
    expect(server.requestsTo('POST', '/payments')[0]?.body).toEqual({
      method: 'daraja',
      phone: '254708374149',
    });
  });

  it('speaks Swahili and keeps merchant overrides', async () => {
    await offering([mpesaMethod, cashpayMethod], {
      attributes: { locale: 'sw' },
      prepare: (element) => {
        element.strings = { methodsLegend: 'Lipa kwa njia gani?' };
      },
    });

    await expect.element(page.getByRole('group', { name: 'Lipa kwa njia gani?' })).toBeVisible();
    await userEvent.click(page.getByRole('radio', { name: 'CashPay' }));
    await expect.element(page.getByRole('button', { name: 'Endelea kwa CashPay' })).toBeVisible();
  });
});

describe('<lipwa-checkout> redirect flow (same tab)', () => {
  it('offers no phone field for a redirect method, only "Continue to CashPay"', async () => {
    const { element } = await offering([cashpayMethod]);

    await expect.element(continueButton()).toBeVisible();
    expect(element.shadowRoot?.querySelector('input')).toBeNull();
    expect(shadowText(element)).toContain('KES 1,500');
  });

  it('posts the method and the return URL without lipwa_ parameters, then leaves for the hosted page', async () => {
    const { server, navigation, eventsOfType, states } = await offering([cashpayMethod], {
      navigation: { href: `${SHOP_PAGE}&lipwa_status=failed&lipwa_payment=pay_old` },
    });

    await continueButton().click();

    await expect.poll(() => navigation.assigned).toEqual([HOSTED_PAGE_URL]);
    expect(server.requestsTo('POST', '/payments')[0]?.body).toEqual({
      method: 'cashpay',
      returnUrl: SHOP_PAGE,
    });
    expect(navigation.opened).toEqual([]);
    expect(states).toEqual(['phone', 'sending', 'waiting']);
    expect(eventsOfType('lipwa-started')).toHaveLength(1);
    const [redirect] = eventsOfType('lipwa-redirect') as LipwaRedirectEvent[];
    expect(redirect).toMatchObject({ bubbles: true, composed: true, cancelable: true });
    expect(redirect?.detail).toEqual({ url: HOSTED_PAGE_URL, payment: server.redirectPayment });
  });

  it('lets the merchant cancel lipwa-redirect and navigate itself, still following the payment', async () => {
    const { server, navigation } = await offering([cashpayMethod], {
      prepare: (element) => {
        element.addEventListener('lipwa-redirect', (event) => event.preventDefault());
      },
    });

    await continueButton().click();

    await expect
      .element(page.getByRole('heading', { name: 'Finish on the payment page' }))
      .toBeVisible();
    await expect.poll(() => server.streams.length).toBe(1);
    expect(navigation.assigned).toEqual([]);
    server.streams[0]?.sendPayment(redirectPaymentFixture({ status: 'completed' }));
    await expect.element(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
  });

  it('goes back to the hosted page when the customer continues again', async () => {
    const { navigation } = await offering([cashpayMethod], {
      prepare: (element) => {
        element.addEventListener('lipwa-redirect', (event) => event.preventDefault(), {
          once: true,
        });
      },
    });
    await continueButton().click();
    await expect.element(continueButton()).toBeVisible();

    await continueButton().click();

    expect(navigation.assigned).toEqual([HOSTED_PAGE_URL]);
  });
});

describe('<lipwa-checkout> back from the hosted page', () => {
  function returning(payment = redirectPaymentFixture(), options: SetupOptions = {}) {
    return offering([mpesaMethod, cashpayMethod], {
      ...options,
      configure: (server) => {
        server.sessionPayment = payment;
        server.payment = payment;
      },
    });
  }

  it('shows "Payment not finished" for a pending payment and follows it to success', async () => {
    const { element, server, states, eventsOfType } = await returning();

    await expect.element(page.getByRole('heading', { name: 'Payment not finished' })).toBeVisible();
    await expect.element(continueButton()).toBeVisible();
    expect(server.requestsTo('POST', '/payments')).toEqual([]);
    await expect.poll(() => server.streams.length).toBe(1);
    // The webhook arrives late: the stream still turns it into a success.
    server.streams[0]?.sendPayment(redirectPaymentFixture({ status: 'completed' }));

    await expect.element(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    expect(states).toEqual(['unfinished', 'success']);
    expect(eventsOfType('lipwa-success')).toHaveLength(1);
    expect(shadowText(element)).toContain('KES 1,500');
  });

  it('believes the server, not the query string: a forged lipwa_status changes nothing', async () => {
    const { element } = await returning(redirectPaymentFixture(), {
      navigation: { href: `${SHOP_PAGE}&lipwa_status=completed` },
    });

    await expect.element(page.getByRole('heading', { name: 'Payment not finished' })).toBeVisible();
    expect(element.state).toBe('unfinished');
  });

  it('reopens the same hosted page from "Continue to CashPay"', async () => {
    const { navigation, server, eventsOfType } = await returning();

    await continueButton().click();

    expect(navigation.assigned).toEqual([HOSTED_PAGE_URL]);
    expect(server.requestsTo('POST', '/payments')).toEqual([]);
    expect(eventsOfType('lipwa-redirect')).toHaveLength(1);
  });

  it('shows the success the server recorded', async () => {
    const { eventsOfType } = await returning(
      redirectPaymentFixture({ status: 'completed', receipt: 'CP-81' }),
    );

    await expect.element(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
    expect(eventsOfType('lipwa-success')).toHaveLength(1);
  });

  it('shows a declined payment as a failure with Try again, back to the picker', async () => {
    await returning(redirectPaymentFixture({ status: 'failed', reason: 'insufficient_funds' }));

    await expect.element(page.getByRole('heading', { name: 'Payment failed' })).toBeVisible();
    await page.getByRole('button', { name: 'Try again' }).click();

    await expect.element(picker()).toBeVisible();
  });

  it('says a payment cancelled on the hosted page was cancelled there', async () => {
    const { element } = await returning(
      redirectPaymentFixture({ status: 'cancelled', reason: 'cancelled_by_user' }),
    );

    await expect.element(page.getByRole('heading', { name: 'Payment cancelled' })).toBeVisible();
    expect(shadowText(element)).toContain('You cancelled on the payment page.');
    await expect.element(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  it('says it in Swahili', async () => {
    await returning(redirectPaymentFixture(), { attributes: { locale: 'sw' } });

    await expect
      .element(page.getByRole('heading', { name: 'Malipo hayajakamilika' }))
      .toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Endelea kwa CashPay' })).toBeVisible();
  });

  it('asks the server again when the browser restores the page from its back/forward cache', async () => {
    const { server } = await offering([cashpayMethod], {
      prepare: (element) => {
        element.addEventListener('lipwa-redirect', (event) => event.preventDefault());
      },
    });
    await continueButton().click();
    await expect
      .element(page.getByRole('heading', { name: 'Finish on the payment page' }))
      .toBeVisible();
    server.sessionPayment = redirectPaymentFixture();

    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));

    await expect.element(page.getByRole('heading', { name: 'Payment not finished' })).toBeVisible();
    expect(server.requestsTo('GET', '/session')).toHaveLength(2);
  });
});
