import { expect, test } from '@playwright/test';
import {
  expectAccessible,
  expectState,
  format,
  heading,
  languages,
  openCheckout,
  pay,
  payButton,
  phoneInput,
  settlePrompt,
  setWidgetClock,
  tamperedToken,
  templatePattern,
  textsFor,
  tryAgainButton,
  waitingPhone,
  widget,
  widgetText,
} from './widget.js';

test.describe.configure({ mode: 'parallel' });

const merchant = 'Duka la Lipwa';

// Each language gets its own block of waiting numbers so parallel tests never share a phone.
languages.forEach((lang, index) => {
  const strings = textsFor(lang);
  const phoneSlot = (n: number) => waitingPhone(index * 10 + n);

  test.describe(`in ${lang}, the widget`, () => {
    test('offers phone entry, labelled and hinted, for the merchant', async ({ page }) => {
      await openCheckout(page, lang);
      await expect(heading(page, format(strings.payTo, { merchant }))).toBeVisible();
      await expect(phoneInput(page, strings)).toHaveAccessibleDescription(strings.phoneHint);
      await expect(payButton(page, strings)).toBeEnabled();
      await expectAccessible(page);
    });

    test('refuses a short number inline, before any request, and says why', async ({ page }) => {
      await openCheckout(page, lang);
      await pay(page, lang, '0712 34');
      await expect(widgetText(page, strings.phoneRejections.too_short)).toBeVisible();
      await expect(phoneInput(page, strings)).toHaveAttribute('aria-invalid', 'true');
      await expect(phoneInput(page, strings)).toBeFocused();
      await expectState(page, 'phone');
      await expectAccessible(page);
    });

    test('waits for the phone with a countdown while the prompt is open', async ({ page }) => {
      const reference = await openCheckout(page, lang);
      await pay(page, lang, phoneSlot(1));
      await expect(heading(page, strings.waitingHeading)).toBeVisible();
      await expect(widget(page).getByRole('timer')).toBeVisible();
      await expectAccessible(page);
      await settlePrompt(page, reference, 1032);
      await expect(heading(page, strings.cancelledHeading)).toBeVisible();
    });

    test('shows the receipt when the payment succeeds (0711 000 000)', async ({ page }) => {
      await openCheckout(page, lang);
      await pay(page, lang, '0711 000 000');
      await expect(heading(page, strings.successHeading)).toBeVisible();
      await expect(widget(page).getByText(strings.receiptLabel)).toContainText(/[A-Z0-9]{10}/);
      await expectAccessible(page);
    });

    const failures = [
      {
        phone: '0711 000 001',
        reason: 'insufficient funds',
        text: strings.reasons.insufficient_funds,
      },
      { phone: '0711 002 001', reason: 'a wrong PIN', text: strings.reasons.wrong_pin },
      { phone: '0711 000 017', reason: 'a busy phone', text: strings.reasons.subscriber_busy },
    ] as const;
    for (const { phone, reason, text } of failures) {
      test(`explains a failure for ${reason} (${phone}) and offers to try again`, async ({
        page,
      }) => {
        await openCheckout(page, lang);
        await pay(page, lang, phone);
        await expect(heading(page, strings.failureHeading)).toBeVisible();
        await expect(widgetText(page, text)).toBeVisible();
        await expect(tryAgainButton(page, strings)).toBeVisible();
        await expectAccessible(page);
      });
    }

    test('says nothing was charged when the customer cancels (0711 000 032)', async ({ page }) => {
      await openCheckout(page, lang);
      await pay(page, lang, '0711 000 032');
      await expect(heading(page, strings.cancelledHeading)).toBeVisible();
      await expect(widgetText(page, strings.cancelledBody)).toBeVisible();
      await expect(tryAgainButton(page, strings)).toBeVisible();
      await expectAccessible(page);
    });

    test('says the request expired when the prompt ends with ResultCode 1019', async ({ page }) => {
      const reference = await openCheckout(page, lang);
      await pay(page, lang, phoneSlot(2));
      await expect(heading(page, strings.waitingHeading)).toBeVisible();
      await settlePrompt(page, reference, 1019);
      await expect(heading(page, strings.expiredHeading)).toBeVisible();
      await expect(
        widgetText(page, strings.expiredBody).or(widgetText(page, strings.reasons.no_response)),
      ).toBeVisible();
      await expect(tryAgainButton(page, strings)).toBeVisible();
      await expectAccessible(page);
    });

    test('refuses an altered session token as an expired checkout', async ({ page }) => {
      await openCheckout(page, lang);
      const token = (await widget(page).getAttribute('session')) ?? '';
      const altered = tamperedToken(token);
      await widget(page).evaluate(
        (element, value) => element.setAttribute('session', value),
        altered,
      );
      await expect(heading(page, strings.sessionExpiredHeading)).toBeVisible();
      await expect(widgetText(page, strings.sessionExpiredBody)).toBeVisible();
      await expectAccessible(page);
    });

    test('holds "Try again" right after a failure until the cooldown is over', async ({ page }) => {
      await openCheckout(page, lang);
      // The widget's clock is injectable: stop it so the server's short cooldown cannot run out
      // while the test looks, then move it past the cooldown on purpose.
      await setWidgetClock(page, 0);
      await pay(page, lang, '0711 000 001');
      await expect(heading(page, strings.failureHeading)).toBeVisible();
      const retry = tryAgainButton(page, strings);
      await expect(retry).toHaveAccessibleName(templatePattern(strings.retryIn));
      await expect(retry).toHaveAttribute('aria-disabled', 'true');
      await expectAccessible(page);
      // aria-disabled keeps it focusable, so a keyboard user can still press it: nothing happens.
      await retry.focus();
      await page.keyboard.press('Enter');
      await expect(heading(page, strings.failureHeading)).toBeVisible();
      await expectState(page, 'failure');

      await setWidgetClock(page, 60_000);
      await expect(retry).toHaveAccessibleName(strings.tryAgain);
      await retry.click();
      await expectState(page, 'phone');
    });

    test('keeps waiting through a lost connection and then shows the outcome', async ({
      page,
      context,
    }) => {
      const reference = await openCheckout(page, lang);
      await pay(page, lang, phoneSlot(4));
      await expect(heading(page, strings.waitingHeading)).toBeVisible();
      await context.setOffline(true);
      await expect(widgetText(page, strings.reconnecting)).toBeVisible();
      await context.setOffline(false);
      await settlePrompt(page, reference, 0);
      await expect(heading(page, strings.successHeading)).toBeVisible();
      await expectAccessible(page);
    });
  });
});

test('a customer pays with the keyboard alone and focus follows each new state', async ({
  page,
}) => {
  const strings = textsFor('en');
  const reference = await openCheckout(page, 'en');
  await page.locator('body').focus();
  for (let presses = 0; presses < 10; presses++) {
    await page.keyboard.press('Tab');
    const focusedId = await page.evaluate(
      () => document.activeElement?.shadowRoot?.activeElement?.id ?? '',
    );
    if (focusedId === 'phone') break;
  }
  await expect(phoneInput(page, strings)).toBeFocused();
  await page.keyboard.type(waitingPhone(99));
  await page.keyboard.press('Enter');
  await expect(heading(page, strings.waitingHeading)).toBeFocused();
  await settlePrompt(page, reference, 0);
  await expect(heading(page, strings.successHeading)).toBeFocused();
});
