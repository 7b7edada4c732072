import { expect, test } from '@playwright/test';
import {
  heading,
  openCheckout,
  pay,
  settlePrompt,
  textsFor,
  waitingPhone,
  watchForProblems,
} from './widget.js';

test('the widget pays under the shop strict CSP without a single violation or console error', async ({
  page,
}) => {
  const problems = await watchForProblems(page);

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

  expect(await problems.violations()).toEqual([]);
  expect(problems.errors).toEqual([]);
});
