/** The payment-apps adapter's apps and API tokens against @lipwa/simulator over real HTTP. */
import { ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import {
  adapter,
  adapterWith,
  KES,
  rejectionOf,
  sent,
  startWorldForEachTest,
} from './test-payment-apps-operations.js';

startWorldForEachTest();

describe('payment-apps apps and tokens against the simulator', () => {
  it('lists the merchant’s apps with for await, typed', async () => {
    const listed = [];
    for await (const app of adapter.apps.list()) listed.push(app);

    expect(listed.map((app) => [app.id, app.type, app.isLive])).toEqual([
      ['1', 'MpesaKeExpress', false],
      ['3', 'MpesaKeB2C', false],
      ['4', 'MpesaKeC2B', false],
      ['5', 'MpesaKeC2B', true],
      ['6', 'MpesaKePersonal', false],
    ]);
    expect(sent[0]?.url.pathname).toBe('/payment-apps/api/pay/apps');
  });

  it('creates a read-only token, tests, lists and revokes it', async () => {
    const created = await adapter.tokens.create({
      name: 'reporting',
      abilities: ['payments:read'],
      expiresAt: new Date(Date.UTC(2027, 0, 1)),
    });
    const reader = adapterWith({ apiToken: created.token });

    const tested = await reader.tokens.test();
    const listed = await adapter.tokens.list();
    await adapter.tokens.revoke(created.id);
    const afterRevoke = await rejectionOf(reader.tokens.test());

    expect(created).toMatchObject({
      name: 'reporting',
      abilities: ['payments:read'],
      token: expect.stringMatching(/^\d+\|\S{40}$/),
      expiresAt: '2027-01-01T00:00:00.000000Z',
    });
    expect(tested.id).toBe(created.id);
    expect(listed.map((token) => token.name)).toEqual(['sandbox', 'reporting']);
    expect(afterRevoke).toMatchObject({ code: 'provider_auth_failed', providerCode: '401' });
    expect(JSON.stringify(afterRevoke)).not.toContain(created.token.split('|')[1]);
  });

  it('reports a payout with a read-only token as 403, naming the ability it needs', async () => {
    const created = await adapter.tokens.create({ name: 'r', abilities: ['payments:read'] });
    const reader = adapterWith({ apiToken: created.token });

    const error = await rejectionOf(reader.b2c.send({ phone: '254708374149', amount: KES(500) }));

    expect(error).toMatchObject({ code: 'provider_auth_failed', providerCode: '403' });
    expect((error as Error).message).toContain('payments:write');
  });

  it('refuses a token with an unknown ability before sending', async () => {
    await expect(
      adapter.tokens.create({ name: 'x', abilities: ['payments:everything'] }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });
});
