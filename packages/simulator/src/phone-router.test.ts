import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StkCallbackBody } from './daraja/stk-callback.js';
import { type DarajaFixture, startDarajaFixture } from './test-daraja-client.js';

let fx: DarajaFixture;
beforeEach(async () => {
  fx = await startDarajaFixture();
});
afterEach(async () => {
  await fx.close();
});

function pushFrom(phone: number, overrides: Record<string, unknown> = {}) {
  return fx.pushAccepted({ PartyA: phone, PhoneNumber: phone, Amount: 1500, ...overrides });
}

function answer(id: string, action: 'pin' | 'cancel', pin?: string, accept = 'application/json') {
  return fetch(`${fx.simulator.url}/phone/prompts/${encodeURIComponent(id)}/${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { accept, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(pin === undefined ? {} : { pin }),
  });
}

function lastResultCode(): number | string | undefined {
  return (fx.receiver.received.at(-1)?.body as StkCallbackBody | undefined)?.Body.stkCallback
    .ResultCode;
}

describe('virtual phone page', () => {
  it('shows each pending prompt as a labelled article with a PIN field, Send and Cancel', async () => {
    const id = await pushFrom(254708374149);

    const response = await fetch(`${fx.simulator.phoneUrl}?msisdn=254708374149`);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain(
      `<article class="prompt" aria-label="Prompt for 254708374149" data-id="${id}">`,
    );
    expect(html).toContain('Pay KES 1,500 to 174379 for LW1A2B3C4D5E? Enter M-Pesa PIN');
    expect(html).toMatch(/<label>M-Pesa PIN <input name="pin"/);
    expect(html).toContain('<button type="submit">Send</button>');
    expect(html).toMatch(
      /<button type="submit" formaction="[^"]+\/cancel" formnovalidate>Cancel<\/button>/,
    );
  });

  it('uses one external script and no inline script, under a CSP with script-src self', async () => {
    const response = await fetch(fx.simulator.phoneUrl);
    const html = await response.text();

    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="/phone.js">']);
    const script = await fetch(`${fx.simulator.url}/phone.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain("fetch('/_control/prompts'");
  });

  it('lists only the requested number and says so when nothing is pending', async () => {
    await pushFrom(254712345678);

    const html = await (await fetch(`${fx.simulator.phoneUrl}?msisdn=254708374149`)).text();

    expect(html).not.toContain('<article');
    expect(html).toMatch(/<p id="empty">No pending prompts.<\/p>/);
  });

  it('escapes what the merchant sent so it cannot inject markup', async () => {
    await pushFrom(254708374149, { AccountReference: '<b>x</b>' });

    const html = await (await fetch(fx.simulator.phoneUrl)).text();

    expect(html).toContain('for &lt;b&gt;x&lt;/b&gt;?');
    expect(html).not.toContain('<b>x</b>');
  });

  it('redirects / to the phone', async () => {
    const response = await fetch(`${fx.simulator.url}/`, { redirect: 'manual' });

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/phone');
  });
});

describe('answering a prompt', () => {
  it('approves with any four-digit PIN: ResultCode 0 and a success callback', async () => {
    const id = await pushFrom(254708374149);

    const response = await answer(id, 'pin', '4321');

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      outcome: 'paid',
      provider: 'daraja',
    });
    expect(lastResultCode()).toBe(0);
    expect(fx.simulator.control.prompts()).toEqual([]);
  });

  it('treats PIN 0000 as the wrong PIN: ResultCode 2001', async () => {
    const id = await pushFrom(254708374149);

    const response = await answer(id, 'pin', '0000');

    expect(await response.json()).toMatchObject({ message: expect.stringMatching(/wrong pin/i) });
    expect(lastResultCode()).toBe(2001);
  });

  it('cancels with ResultCode 1032', async () => {
    const id = await pushFrom(254708374149);

    await answer(id, 'cancel');

    expect(lastResultCode()).toBe(1032);
  });

  it('refuses a PIN that is not four digits and leaves the prompt open', async () => {
    const id = await pushFrom(254708374149);

    const response = await answer(id, 'pin', '12a4');

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_field' });
    expect(fx.simulator.control.prompts()).toHaveLength(1);
    expect(fx.receiver.received).toEqual([]);
  });

  it('redirects a plain form post back to the phone with a notice', async () => {
    const id = await pushFrom(254708374149);

    const response = await answer(id, 'pin', '1234', 'text/html');

    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '', fx.simulator.url);
    expect(location.pathname).toBe('/phone');
    expect(location.searchParams.get('msisdn')).toBe('254708374149');
    const page = await (await fetch(location)).text();
    expect(page).toContain('Payment sent.');
  });

  it('answers 409 when the prompt was already answered', async () => {
    const id = await pushFrom(254708374149);
    await answer(id, 'cancel');

    const response = await answer(id, 'pin', '1234');

    expect(response.status).toBe(409);
    expect(fx.receiver.received).toHaveLength(1);
  });
});
