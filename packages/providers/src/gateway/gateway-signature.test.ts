import { describe, expect, it } from 'vitest';
import {
  createGatewaySigner,
  gatewaySignature,
  gatewaySigningString,
} from './gateway-signature.js';

// The documentation's PHP example: payload in this order, amount 1000 as a number, its secret.
const secretKey =
  'cf11635572c1e8d77297207152dc0791ad91f22b32d23c758ce3ba2637202ad8f7290ba41f2243cccf32edde1dfb8bf0f5dea62525309e293b3adb2c76eed6a5';

function phpExample(providerId: number, country: string, currency: string) {
  return {
    merchant_id: 'fffed61be9780b97c5e4c65e4e07bb6b',
    provider_id: providerId,
    client_id: '080000000',
    country,
    order_id: 'order_3444298767545',
    amount: 1000,
    currency,
    callback_url: 'https://my.callback.url',
  };
}

describe('gatewaySignature', () => {
  it('matches the documented vector for provider 10, KE, CDF', async () => {
    expect(await gatewaySignature(phpExample(10, 'KE', 'CDF'), secretKey)).toBe(
      '58496434de6444654cbde3174b576c039a0df10b88694bbe0800ee8c3d72a4598c5841f533658e7d9fd945b5a31dcabed78fcf5f813becb445179735e854d566',
    );
  });

  it('matches the documented vector for provider 14, ZM, ZMW', async () => {
    expect(await gatewaySignature(phpExample(14, 'ZM', 'ZMW'), secretKey)).toBe(
      'c9e698c560fdc9072e31c552136f1afe9c23bde3c3e9b30281009e3fd3689ea40c608eeb4f121a1f390ffbbad680b389e60c111ccb9400dc0a5cec0115d64247',
    );
  });

  it('ignores a signature already in the payload', async () => {
    const payload = phpExample(10, 'KE', 'CDF');

    expect(await gatewaySignature({ ...payload, signature: 'old' }, secretKey)).toBe(
      await gatewaySignature(payload, secretKey),
    );
  });

  it('depends on the order the parameters are sent in', async () => {
    const { merchant_id, ...rest } = phpExample(10, 'KE', 'CDF');

    expect(await gatewaySignature({ ...rest, merchant_id }, secretKey)).not.toBe(
      await gatewaySignature(phpExample(10, 'KE', 'CDF'), secretKey),
    );
  });
});

describe('gatewaySigningString', () => {
  it('concatenates key and value for every parameter in the order sent', () => {
    expect(gatewaySigningString({ b: 'x', a: 1, signature: 'skipped' })).toBe('bxa1');
  });

  it('flattens nested objects with the parent. prefix, as a paybill callback’s result and extra', () => {
    expect(
      gatewaySigningString({
        order_id: 'o1',
        result: { code: 0, message: 'OK' },
        extra: { BillRefNumber: '555', Names: { First: 'ALEX' } },
      }),
    ).toBe('order_ido1result.code0result.messageOKextra.BillRefNumber555extra.Names.FirstALEX');
  });

  it('writes values the way PHP does: true is 1, false and null are empty, numbers as written', () => {
    expect(gatewaySigningString({ t: true, f: false, n: null, i: 40, d: 11.1, s: '100.00' })).toBe(
      't1fni40d11.1s100.00',
    );
  });

  it('skips a nested scalar signature but recurses into arrays by index', () => {
    expect(gatewaySigningString({ a: { signature: 'x', b: '1' }, list: ['p', 'q'] })).toBe(
      'a.b1list.0plist.1q',
    );
  });

  it('refuses nesting deeper than the PHP sample’s 16 levels', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 16; i++) deep = { level: deep };

    expect(() => gatewaySigningString(deep)).toThrow(RangeError);
  });
});

describe('createGatewaySigner().verify', () => {
  const signer = createGatewaySigner(secretKey);

  it('accepts the signature the body was signed with, in either letter case', async () => {
    const payload = phpExample(10, 'KE', 'CDF');
    const signature = await signer.sign(payload);

    expect(await signer.verify(payload, signature)).toBe(true);
    expect(await signer.verify(payload, signature.toUpperCase())).toBe(true);
  });

  it('refuses a signature over a tampered body', async () => {
    const signature = await signer.sign(phpExample(10, 'KE', 'CDF'));

    expect(await signer.verify({ ...phpExample(10, 'KE', 'CDF'), amount: 1 }, signature)).toBe(
      false,
    );
  });

  it('refuses a signature made with another secret key', async () => {
    const payload = phpExample(10, 'KE', 'CDF');
    const forged = await gatewaySignature(payload, 'not-the-secret');

    expect(await signer.verify(payload, forged)).toBe(false);
  });

  it.each([undefined, '', 'abc', 42, 'z'.repeat(128)])(
    'refuses %j without throwing',
    async (signature) => {
      expect(await signer.verify(phpExample(10, 'KE', 'CDF'), signature)).toBe(false);
    },
  );
});
