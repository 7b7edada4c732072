/** `redirect-mode="popup"`: the hosted page in a popup opened during the click, followed live. */
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { cleanUp, type SetupOptions, setupTest } from './test-checkout.js';
import {
  cashpayMethod,
  HOSTED_PAGE_URL,
  mpesaMethod,
  problem,
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

const _picker = () => page.getByRole('group', { name: 'Choose how to pay' });
const continueButton = () => page.getByRole('button', { name: 'Continue to CashPay' });

describe('<lipwa-checkout> redirect-mode="popup"', () => {
  function popupCheckout(options: SetupOptions = {}) {
    return offering([cashpayMethod], {
      ...options,
      attributes: { 'redirect-mode': 'popup', ...options.attributes },
    });
  }

  it('opens the popup during the click, cut off from this page, then points it at the hosted page', async () => {
    const { navigation } = await popupCheckout();

    await continueButton().click();

    await expect
      .element(page.getByRole('heading', { name: 'Finish on the payment page' }))
      .toBeVisible();
    const [opened] = navigation.opened;
    expect(opened).toMatchObject({ url: '', target: 'lipwa-payment' });
    expect(opened?.popup.opener).toBeNull();
    expect(opened?.popup.replacedWith).toEqual([HOSTED_PAGE_URL]);
    expect(navigation.assigned).toEqual([]);
  });

  it('follows the payment live while the popup is open', async () => {
    const { server } = await popupCheckout();
    await continueButton().click();
    await expect.poll(() => server.streams.length).toBe(1);

    server.streams[0]?.sendPayment(redirectPaymentFixture({ status: 'completed' }));

    await expect.element(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
  });

  it('says "Payment not finished" when the popup is closed unpaid, and opens it again on Continue', async () => {
    const { server, navigation, clock } = await popupCheckout();
    await continueButton().click();
    await expect.poll(() => server.streams.length).toBe(1);
    const first = navigation.opened[0]?.popup;

    // While the popup is open, Continue brings it to the front instead of opening another.
    await continueButton().click();
    expect(first?.focused).toBe(1);
    if (first) first.closed = true;
    await clock.advance(1000);

    await expect.element(page.getByRole('heading', { name: 'Payment not finished' })).toBeVisible();
    await expect
      .poll(() => server.requestsTo('GET', `/payments/${server.redirectPayment.id}`).length)
      .toBe(1);
    await continueButton().click();
    expect(navigation.opened).toHaveLength(2);
    expect(navigation.opened[1]?.popup.replacedWith).toEqual([HOSTED_PAGE_URL]);
  });

  it('closes the blank popup when the payment could not start', async () => {
    const { navigation } = await popupCheckout({
      configure: (server) => {
        server.handlers.set('POST /payments', () => problem('provider_unavailable', 502));
      },
    });

    await continueButton().click();

    await expect.element(page.getByRole('heading', { name: 'Payment failed' })).toBeVisible();
    expect(navigation.opened[0]?.popup.closed).toBe(true);
  });

  it('closes the blank popup when the merchant handles the redirect itself', async () => {
    const { navigation } = await popupCheckout({
      prepare: (element) => {
        element.addEventListener('lipwa-redirect', (event) => event.preventDefault());
      },
    });

    await continueButton().click();

    await expect.poll(() => navigation.opened[0]?.popup.closed).toBe(true);
    expect(navigation.opened[0]?.popup.replacedWith).toEqual([]);
  });

  it('falls back to this tab when the browser blocks the popup', async () => {
    const { navigation } = await popupCheckout({ navigation: { blockPopups: true } });

    await continueButton().click();

    await expect.poll(() => navigation.assigned).toEqual([HOSTED_PAGE_URL]);
  });

  it('leaves an STK payment alone: no popup for a phone prompt', async () => {
    const { navigation, phoneField } = await offering([mpesaMethod, cashpayMethod], {
      attributes: { 'redirect-mode': 'popup' },
    });

    await userEvent.fill(phoneField, '0708 374 149');
    await userEvent.keyboard('{Enter}');

    await expect.element(page.getByRole('heading', { name: 'Check your phone' })).toBeVisible();
    expect(navigation.opened).toEqual([]);
  });
});
