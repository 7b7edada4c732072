import { SessionError } from '@lipwa/core';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { fakeClock, SHOP_ORIGIN, TEST_SECRET } from '../testing/test-harness.js';
import { createSessionTokens, type SessionTokenSettings } from './session-tokens.js';

function setupTokens(overrides: Partial<SessionTokenSettings> = {}) {
  const clock = fakeClock();
  const settings: SessionTokenSettings = {
    key: new TextEncoder().encode(TEST_SECRET),
    kid: 'lipwa-1',
    issuer: 'lipwa',
    audience: 'lipwa-checkout',
    ttlMinutes: 15,
    merchantName: 'Duka la Lipwa',
    allowedOrigins: new Set([SHOP_ORIGIN]),
    providerIds: ['daraja'],
    clock,
    ...overrides,
  };
  return { tokens: createSessionTokens(settings), clock, settings };
}

const order = { amount: 150000, currency: 'KES', reference: 'ORDER-1', description: 'Kikoi' };

async function rejection(promise: Promise<unknown>): Promise<SessionError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SessionError) return error;
    throw error;
  }
  throw new Error('expected a SessionError');
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
}

describe('session tokens', () => {
  it('mint a token that reads back as the same session', async () => {
    const { tokens, clock } = setupTokens();

    const { token, session } = await tokens.mint(order);
    const read = await tokens.verify(token);

    expect(read).toEqual(session);
    expect(session).toMatchObject({
      amount: { amount: 150000, currency: 'KES' },
      reference: 'ORDER-1',
      description: 'Kikoi',
      merchantName: 'Duka la Lipwa',
      methods: ['daraja'],
      issuedAt: new Date(clock.now()).toISOString(),
      expiresAt: new Date(clock.now() + 15 * 60_000).toISOString(),
    });
    expect(session.id).toMatch(/^ses_[0-9a-f]{32}$/);
  });

  it('carry iss, aud, iat, exp, jti and a kid header', async () => {
    const { tokens, clock } = setupTokens();

    const { token, session } = await tokens.mint(order);

    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'lipwa-1' });
    expect(claimsOf(token)).toMatchObject({
      iss: 'lipwa',
      aud: 'lipwa-checkout',
      iat: clock.now() / 1000,
      exp: clock.now() / 1000 + 900,
      jti: session.id,
      amount: { amount: 150000, currency: 'KES' },
    });
  });

  it('refuse an expired token with session_expired', async () => {
    const { tokens, clock } = setupTokens();
    const { token } = await tokens.mint(order);
    clock.advance(15 * 60_000 + 6_000);

    const error = await rejection(tokens.verify(token));

    expect(error.code).toBe('session_expired');
  });

  it('still accept a token within its lifetime', async () => {
    const { tokens, clock } = setupTokens();
    const { token } = await tokens.mint(order);
    clock.advance(14 * 60_000);

    await expect(tokens.verify(token)).resolves.toMatchObject({ reference: 'ORDER-1' });
  });

  it('refuse a token whose amount was altered with invalid_session', async () => {
    const { tokens } = setupTokens();
    const { token } = await tokens.mint(order);
    const [header, , signature] = token.split('.');
    const altered = Buffer.from(
      JSON.stringify({ ...claimsOf(token), amount: { amount: 100, currency: 'KES' } }),
    ).toString('base64url');

    const error = await rejection(tokens.verify(`${header}.${altered}.${signature}`));

    expect(error.code).toBe('invalid_session');
  });

  it('refuse a token signed with another key', async () => {
    const { tokens } = setupTokens();
    const other = setupTokens({
      key: new TextEncoder().encode('another-secret-of-at-least-32-bytes!!'),
    });
    const { token } = await other.tokens.mint(order);

    expect((await rejection(tokens.verify(token))).code).toBe('invalid_session');
  });

  it('refuse a token for another audience', async () => {
    const { tokens } = setupTokens();
    const other = setupTokens({ audience: 'someone-else' });
    const { token } = await other.tokens.mint(order);

    expect((await rejection(tokens.verify(token))).code).toBe('invalid_session');
  });

  it('refuse an unsigned token (alg: none)', async () => {
    const { tokens } = setupTokens();
    const { token } = await tokens.mint(order);
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = token.split('.')[1];

    expect((await rejection(tokens.verify(`${header}.${payload}.`))).code).toBe('invalid_session');
  });

  it('refuse a correctly signed token that describes no session', async () => {
    const { tokens, clock, settings } = setupTokens();
    const now = clock.now() / 1000;
    const token = await new SignJWT({ hello: 'world' })
      .setProtectedHeader({ alg: 'HS256', kid: 'lipwa-1' })
      .setIssuer('lipwa')
      .setAudience('lipwa-checkout')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti('ses_x')
      .sign(settings.key);

    expect((await rejection(tokens.verify(token))).code).toBe('invalid_session');
  });

  it('refuse garbage and an empty token', async () => {
    const { tokens } = setupTokens();

    expect((await rejection(tokens.verify('not-a-jwt'))).code).toBe('invalid_session');
    expect((await rejection(tokens.verify(''))).code).toBe('invalid_session');
  });

  it('refuse to mint for an origin outside allowedOrigins or an unknown method', async () => {
    const { tokens } = setupTokens();

    await expect(
      tokens.mint({ ...order, allowedOrigin: 'https://evil.example' }),
    ).rejects.toMatchObject({
      code: 'invalid_field',
    });
    await expect(tokens.mint({ ...order, methods: ['cashpay'] })).rejects.toMatchObject({
      code: 'invalid_field',
    });
  });

  it('refuse to mint a session with a fractional amount, listing the field', async () => {
    const { tokens } = setupTokens();

    await expect(tokens.mint({ ...order, amount: 1500.5 })).rejects.toMatchObject({
      code: 'invalid_request',
      details: { errors: [expect.objectContaining({ path: 'amount' })] },
    });
  });
});

describe('session key rotation', () => {
  const oldKey = new TextEncoder().encode('the-key-being-rotated-out-0123456789abcdef');

  it('verifies tokens signed by a previous key while the new key signs every new token', async () => {
    const before = setupTokens({ key: oldKey, kid: 'lipwa-1' });
    const { token: issuedBefore, session } = await before.tokens.mint(order);

    const after = setupTokens({ kid: 'lipwa-2', previous: [{ kid: 'lipwa-1', key: oldKey }] });
    const { token: issuedAfter } = await after.tokens.mint(order);

    expect(await after.tokens.verify(issuedBefore)).toEqual(session);
    expect(
      JSON.parse(Buffer.from(issuedAfter.split('.')[0] ?? '', 'base64url').toString()).kid,
    ).toBe('lipwa-2');
    expect((await after.tokens.verify(issuedAfter)).reference).toBe('ORDER-1');
  });

  it('refuses a token of a key no longer listed, and one whose kid names another key', async () => {
    const before = setupTokens({ key: oldKey, kid: 'lipwa-1' });
    const { token } = await before.tokens.mint(order);

    const retired = setupTokens({ kid: 'lipwa-2' });
    expect((await rejection(retired.tokens.verify(token))).code).toBe('invalid_session');

    // The old key's kid, but listed with other bytes: the signature decides, not the header.
    const swapped = setupTokens({
      kid: 'lipwa-2',
      previous: [{ kid: 'lipwa-1', key: new TextEncoder().encode('x'.repeat(40)) }],
    });
    expect((await rejection(swapped.tokens.verify(token))).code).toBe('invalid_session');
  });
});
