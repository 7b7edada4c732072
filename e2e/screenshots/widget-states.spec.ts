import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locale } from '@lipwa/checkout';
import { expect, type Page, test } from '@playwright/test';
import {
  format,
  heading,
  languages,
  openCheckout,
  pay,
  settlePrompt,
  setWidgetClock,
  tamperedToken,
  templatePattern,
  textsFor,
  tryAgainButton,
  waitingPhone,
  widget,
  widgetText,
} from '../tests/widget.js';

test.describe.configure({ mode: 'parallel' });

const outputDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/screenshots',
);
const themes = ['light', 'dark'] as const;
const viewports = {
  desktop: { width: 1024, height: 768 },
  mobile: { width: 360, height: 740 },
} as const;

/** Saves the widget alone, in every theme and viewport, as `<lang>-<theme>-<viewport>-<state>.png`. */
async function shoot(page: Page, lang: Locale, state: string): Promise<void> {
  for (const [viewport, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    for (const theme of themes) {
      await widget(page).evaluate(async (element, value) => {
        element.setAttribute('theme', value);
        await (element as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
      }, theme);
      await widget(page).screenshot({
        path: path.join(outputDir, `${lang}-${theme}-${viewport}-${state}.png`),
        animations: 'disabled',
        caret: 'hide',
      });
    }
  }
}

// Each language uses its own waiting numbers, apart from the e2e suites' (which use 0..99).
languages.forEach((lang, index) => {
  const strings = textsFor(lang);
  const phone = (n: number) => waitingPhone(200 + index * 10 + n);
  const merchant = 'Duka la Lipwa';

  test(`${lang}: loading`, async ({ page }) => {
    // Hold the session request so the widget stays in its loading state.
    await page.route('**/lipwa/session', () => undefined);
    await page.goto(`/?lang=${lang}`);
    await page.getByRole('button', { name: 'Buy Kikoi beach wrap' }).click();
    await expect(widget(page)).toHaveJSProperty('state', 'loading');
    await shoot(page, lang, 'loading');
  });

  test(`${lang}: phone entry and its inline error`, async ({ page }) => {
    await openCheckout(page, lang);
    await expect(heading(page, format(strings.payTo, { merchant }))).toBeVisible();
    await shoot(page, lang, 'phone');
    await pay(page, lang, '0712 34');
    await expect(widgetText(page, strings.phoneRejections.too_short)).toBeVisible();
    await shoot(page, lang, 'phone-error');
  });

  test(`${lang}: sending`, async ({ page }) => {
    await openCheckout(page, lang);
    await page.route('**/lipwa/payments', () => undefined);
    await pay(page, lang, phone(1));
    await expect(heading(page, strings.sendingHeading)).toBeVisible();
    await shoot(page, lang, 'sending');
  });

  test(`${lang}: waiting, reconnecting, success`, async ({ page, context }) => {
    const reference = await openCheckout(page, lang);
    await pay(page, lang, phone(2));
    await expect(heading(page, strings.waitingHeading)).toBeVisible();
    await shoot(page, lang, 'waiting');
    await context.setOffline(true);
    await expect(widgetText(page, strings.reconnecting)).toBeVisible();
    await shoot(page, lang, 'reconnecting');
    await context.setOffline(false);
    await settlePrompt(page, reference, 0);
    await expect(heading(page, strings.successHeading)).toBeVisible();
    await shoot(page, lang, 'success');
  });

  test(`${lang}: cooldown, then failure`, async ({ page }) => {
    await openCheckout(page, lang);
    await setWidgetClock(page, 0);
    await pay(page, lang, '0711 000 001');
    await expect(tryAgainButton(page, strings)).toHaveAccessibleName(
      templatePattern(strings.retryIn),
    );
    await shoot(page, lang, 'cooldown');
    await setWidgetClock(page, 60_000);
    await expect(tryAgainButton(page, strings)).toHaveAccessibleName(strings.tryAgain);
    await shoot(page, lang, 'failure');
  });

  test(`${lang}: cancelled`, async ({ page }) => {
    const reference = await openCheckout(page, lang);
    await setWidgetClock(page, 60_000);
    await pay(page, lang, phone(3));
    await expect(heading(page, strings.waitingHeading)).toBeVisible();
    await settlePrompt(page, reference, 1032);
    await expect(heading(page, strings.cancelledHeading)).toBeVisible();
    await shoot(page, lang, 'cancelled');
  });

  test(`${lang}: expired`, async ({ page }) => {
    const reference = await openCheckout(page, lang);
    await pay(page, lang, phone(4));
    await expect(heading(page, strings.waitingHeading)).toBeVisible();
    await setWidgetClock(page, 60_000);
    await settlePrompt(page, reference, 1019);
    await expect(heading(page, strings.expiredHeading)).toBeVisible();
    await shoot(page, lang, 'expired');
  });

  test(`${lang}: session expired`, async ({ page }) => {
    await openCheckout(page, lang);
    const token = (await widget(page).getAttribute('session')) ?? '';
    await widget(page).evaluate(
      (element, value) => element.setAttribute('session', value),
      tamperedToken(token),
    );
    await expect(heading(page, strings.sessionExpiredHeading)).toBeVisible();
    await shoot(page, lang, 'session-expired');
  });

  test(`${lang}: error`, async ({ page }) => {
    await openCheckout(page, lang);
    // The kit answers with an unexpected failure: the widget cannot load the checkout.
    await page.route('**/lipwa/session', (route) =>
      route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' }),
    );
    await page.reload();
    await expect(heading(page, strings.errorHeading)).toBeVisible();
    await shoot(page, lang, 'error');
  });
});
