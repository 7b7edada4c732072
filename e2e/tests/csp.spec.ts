import { expect, test } from '@playwright/test';
import { heading, openCheckout, pay, settlePrompt, textsFor, waitingPhone } from './widget.js';

declare global {
  interface Window {
    cspViolations: string[];
  }
}

test('the widget pays under the shop strict CSP without a single violation or console error', async ({
  page,
}) => {
  // Collected from the very first script on every page, before the widget loads.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  const catalogue = await page.goto('/');
  const policy = catalogue?.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("style-src 'self'");
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain('unsafe-eval');

  const strings = textsFor('en');
  const reference = await openCheckout(page, 'en');
  await pay(page, 'en', waitingPhone(90));
  await expect(heading(page, strings.waitingHeading)).toBeVisible();
  await settlePrompt(page, reference, 0);
  await expect(heading(page, strings.successHeading)).toBeVisible();

  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
