/**
 * Issue 11: the npm package through webpack 5 with no configuration. apps/webpack-demo bundles
 * `import '@lipwa/checkout/define'` with webpack's Node API given only mode, entry and output; its
 * build fails unless the after-"Pay" code and each language's payment texts are chunks of their
 * own, and names them in dist/chunks.json.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { webpackDemoPort } from '../playwright.config.js';
import { watchForProblems } from './widget.js';

const demoUrl = `http://127.0.0.1:${webpackDemoPort}/`;
const chunksFile = new URL('../../apps/webpack-demo/dist/chunks.json', import.meta.url);
const chunks = JSON.parse(readFileSync(chunksFile, 'utf8')) as Record<
  'after-pay' | 'en-payment' | 'sw-payment',
  string
>;

test('a customer pays through the webpack bundle, which loads the after-Pay chunk and only the language shown', async ({
  page,
}) => {
  const problems = await watchForProblems(page);
  const scripts: string[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') {
      expect(response.status()).toBe(200);
      scripts.push(new URL(response.url()).pathname);
    }
  });

  const document = await page.goto(demoUrl);
  expect(document?.headers()['content-security-policy']).toContain("script-src 'self'");
  const widget = page.locator('lipwa-checkout');
  const payButton = widget.getByRole('button', { name: /^Pay KES/ });
  await expect(payButton).toBeEnabled();
  await widget.getByLabel('M-Pesa phone number', { exact: true }).fill('0711 000 000');
  await payButton.click();

  await expect(
    widget.getByRole('heading', { name: 'Payment received', exact: true }),
  ).toBeVisible();
  await expect(page.locator('#order-status')).toHaveText(/^Paid: receipt [A-Z0-9]{10}$/);
  expect(scripts.sort()).toEqual(
    ['/main.js', `/${chunks['after-pay']}`, `/${chunks['en-payment']}`].sort(),
  );
  expect(await problems.violations()).toEqual([]);
  expect(problems.errors).toEqual([]);
});
