/** Steps and look-ups for driving <lipwa-checkout> in the widget shop, in any of its languages. */
import AxeBuilder from '@axe-core/playwright';
import { format, type Locale, locales, type Strings } from '@lipwa/checkout';
import { expect, type Locator, type Page } from '@playwright/test';
import { widgetSimulatorUrl } from '../widget-shop.js';

/** Every language the widget ships a table for (Swahili joins as soon as the widget has it). */
export const languages = Object.keys(locales) as Locale[];

export function textsFor(lang: Locale): Strings {
  return locales[lang];
}

export function widget(page: Page): Locator {
  return page.locator('lipwa-checkout');
}

export function heading(page: Page, text: string): Locator {
  return widget(page).getByRole('heading', { name: text, exact: true });
}

export function phoneInput(page: Page, strings: Strings): Locator {
  return widget(page).getByLabel(strings.phoneLabel, { exact: true });
}

/** The Pay button, whatever the amount: matched on the words of its label around `{amount}`. */
export function payButton(page: Page, strings: Strings): Locator {
  const [before = '', after = ''] = strings.payButton.split('{amount}');
  const pattern = new RegExp(`^${escapeRegExp(before)}.*${escapeRegExp(after)}$`);
  return widget(page).getByRole('button', { name: pattern });
}

/** "Try again", or its cooldown form "Try again in 12 s". */
export function tryAgainButton(page: Page, strings: Strings): Locator {
  const ready = escapeRegExp(strings.tryAgain);
  const cooling = templatePattern(strings.retryIn).source;
  return widget(page).getByRole('button', { name: new RegExp(`^(${ready}|${cooling})$`) });
}

/** A template's fixed words, with each `{placeholder}` standing for any number. */
export function templatePattern(template: string): RegExp {
  return new RegExp(
    template
      .split(/\{\w+\}/)
      .map(escapeRegExp)
      .join('\\d+'),
  );
}

/** A paragraph of the widget with exactly this text (templates filled in by the caller). */
export function widgetText(page: Page, text: string): Locator {
  return widget(page).getByText(text, { exact: true });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Buys the kikoi in `lang` and waits for the phone entry; returns the order reference. The field
 * takes the number while the session loads; "Pay" is enabled once the session is here.
 */
export async function openCheckout(page: Page, lang: Locale): Promise<string> {
  await page.goto(`/?lang=${lang}`);
  await page.getByRole('button', { name: 'Buy Kikoi beach wrap' }).click();
  const strings = textsFor(lang);
  await expect(phoneInput(page, strings)).toBeEnabled();
  await expect(payButton(page, strings)).toBeEnabled();
  const reference = await widget(page).getAttribute('data-order');
  if (!reference) throw new Error('the checkout page has no order reference');
  return reference;
}

export async function pay(page: Page, lang: Locale, phone: string): Promise<void> {
  const strings = textsFor(lang);
  await phoneInput(page, strings).fill(phone);
  await payButton(page, strings).click();
}

/** Zero axe violations inside the widget (axe pierces its open shadow root). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).include('lipwa-checkout').analyze();
  expect(
    results.violations.map(({ id, help, nodes }) => ({ id, help, targets: nodes.length })),
  ).toEqual([]);
}

/** The widget's own (bubbling, composed) state event: a deterministic "this state was reached". */
export async function expectState(page: Page, state: string): Promise<void> {
  await expect(widget(page)).toHaveJSProperty('state', state);
}

/** Gives the widget a clock stopped at the page's present time plus `aheadMs`. */
export async function setWidgetClock(page: Page, aheadMs: number): Promise<void> {
  await widget(page).evaluate((element, ahead) => {
    const stopped = Date.now() + ahead;
    Object.assign(element, { clock: { now: () => stopped } });
  }, aheadMs);
}

interface SimulatorPrompt {
  id: string;
  provider: string;
  reference: string;
  phone: string;
}

/** The simulator's pending prompts for one order (the prompt's reference = the order reference). */
export async function promptsFor(
  page: Page,
  reference: string,
  simulatorUrl = widgetSimulatorUrl,
): Promise<SimulatorPrompt[]> {
  const response = await page.request.get(`${simulatorUrl}/_control/prompts`);
  expect(response.ok()).toBe(true);
  const prompts = (await response.json()) as SimulatorPrompt[];
  return prompts.filter((prompt) => prompt.reference === reference);
}

/** Waits for the one pending prompt of this order and settles it with a Daraja ResultCode. */
export async function settlePrompt(
  page: Page,
  reference: string,
  resultCode: number,
  simulatorUrl = widgetSimulatorUrl,
): Promise<void> {
  let prompt: SimulatorPrompt | undefined;
  await expect
    .poll(async () => {
      prompt = (await promptsFor(page, reference, simulatorUrl))[0];
      return prompt !== undefined;
    })
    .toBe(true);
  if (!prompt) throw new Error(`no pending prompt for order ${reference}`);
  const response = await page.request.post(
    `${simulatorUrl}/_control/prompts/${prompt.id}/resolve`,
    { data: { resultCode } },
  );
  expect(response.ok()).toBe(true);
}

/**
 * A phone number that waits for the virtual phone, distinct per caller: the kit allows five
 * payment starts per phone a minute, and these suites start many in parallel.
 */
export function waitingPhone(slot: number): string {
  return `0712 300 ${String(slot).padStart(3, '0')}`;
}

/** The session token with one claim altered and the signature kept: the server must refuse it. */
export function tamperedToken(token: string): string {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) throw new Error('the session attribute is not a JWT');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    amount: { amount: number; currency: string };
  };
  claims.amount = { ...claims.amount, amount: 1 };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

declare global {
  interface Window {
    cspViolations: string[];
  }
}

/** What went wrong on a page: console errors and uncaught exceptions, and CSP violations. */
export interface PageProblems {
  readonly errors: string[];
  violations(): Promise<string[]>;
}

/** Collects `PageProblems` from the very first script on every page, before the widget loads. */
export async function watchForProblems(page: Page): Promise<PageProblems> {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  return { errors, violations: () => page.evaluate(() => window.cspViolations) };
}

export { format };
