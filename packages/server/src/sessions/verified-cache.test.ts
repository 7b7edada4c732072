import { SessionError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { fakeClock, SHOP_ORIGIN, TEST_SECRET } from '../testing/test-harness.js';
import { createSessionTokens } from './session-tokens.js';
import { createVerifiedCache } from './verified-cache.js';

function setupTokens() {
  const clock = fakeClock();
  const tokens = createSessionTokens({
    key: new TextEncoder().encode(TEST_SECRET),
    kid: 'lipwa-1',
    issuer: 'lipwa',
    audience: 'lipwa-checkout',
    ttlMinutes: 15,
    merchantName: 'Duka la Lipwa',
    allowedOrigins: new Set([SHOP_ORIGIN]),
    providerIds: ['daraja'],
    clock,
  });
  return { tokens, clock };
}

const order = { amount: 150000, currency: 'KES', reference: 'ORDER-1' };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'verified';
  } catch (error) {
    if (error instanceof SessionError) return error.code;
    throw error;
  }
}

describe('verified session cache', () => {
  it('keeps a cached token valid up to the last millisecond a fresh verification allows', async () => {
    const { tokens, clock } = setupTokens();
    const { token } = await tokens.mint(order);
    await tokens.verify(token);
    // 15 minutes of life plus the 5 s clock tolerance.
    clock.advance(15 * 60_000 + 5_000 - 1);

    expect(await codeOf(tokens.verify(token))).toBe('verified');
  });

  it('refuses a cached token as expired at the same instant an uncached one would be', async () => {
    const { tokens, clock } = setupTokens();
    const { token } = await tokens.mint(order);
    await tokens.verify(token);
    clock.advance(15 * 60_000 + 5_000);

    expect(await codeOf(tokens.verify(token))).toBe('session_expired');
    const fresh = setupTokens();
    fresh.clock.set(clock.now());
    expect(await codeOf(fresh.tokens.verify(token))).toBe('session_expired');
  });

  it('never caches a refusal: an altered token is refused every time', async () => {
    const { tokens } = setupTokens();
    const { token } = await tokens.mint(order);
    const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;

    expect(await codeOf(tokens.verify(altered))).toBe('invalid_session');
    expect(await codeOf(tokens.verify(altered))).toBe('invalid_session');
    expect(await codeOf(tokens.verify(token))).toBe('verified');
  });

  it('stays bounded, dropping its oldest entries when full', () => {
    const cache = createVerifiedCache(0, 10);
    const session = { expiresAt: new Date(10_000).toISOString() } as never;
    for (let i = 0; i < 11; i += 1) cache.set(`t${i}`, session, 0);

    expect(cache.get('t0', 0)).toBeUndefined();
    expect(cache.get('t10', 0)).toBe(session);
  });
});
