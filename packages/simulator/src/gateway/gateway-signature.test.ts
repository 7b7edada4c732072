import { describe, expect, it } from 'vitest';
import { gatewaySandbox } from './gateway-sandbox.js';
import { gatewaySign, gatewaySignatureValid, withGatewaySignature } from './gateway-signature.js';

// The documentation's PHP example payload (amount as the number 1000), signed with its secret.
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

describe('the simulator’s gateway signature', () => {
  it('reproduces both documented test vectors', () => {
    expect(gatewaySign(phpExample(10, 'KE', 'CDF'), gatewaySandbox.secretKey)).toBe(
      '58496434de6444654cbde3174b576c039a0df10b88694bbe0800ee8c3d72a4598c5841f533658e7d9fd945b5a31dcabed78fcf5f813becb445179735e854d566',
    );
    expect(gatewaySign(phpExample(14, 'ZM', 'ZMW'), gatewaySandbox.secretKey)).toBe(
      'c9e698c560fdc9072e31c552136f1afe9c23bde3c3e9b30281009e3fd3689ea40c608eeb4f121a1f390ffbbad680b389e60c111ccb9400dc0a5cec0115d64247',
    );
  });

  it('signs nested values with the parent. prefix and PHP’s booleans', () => {
    const a = gatewaySign({ result: { code: 0, message: 'OK' }, flag: true }, 'k');
    const b = gatewaySign({ 'result.code': 0, 'result.message': 'OK', flag: '1' }, 'k');

    expect(a).toBe(b);
  });

  it('accepts its own signature and refuses a changed body, another key or garbage', () => {
    const signed = withGatewaySignature(phpExample(10, 'KE', 'CDF'), gatewaySandbox.secretKey);

    expect(gatewaySignatureValid(signed, gatewaySandbox.secretKey)).toBe(true);
    expect(gatewaySignatureValid({ ...signed, amount: 1 }, gatewaySandbox.secretKey)).toBe(false);
    expect(gatewaySignatureValid(signed, 'another-secret')).toBe(false);
    expect(gatewaySignatureValid({ ...signed, signature: 'abc' }, gatewaySandbox.secretKey)).toBe(
      false,
    );
    expect(
      gatewaySignatureValid({ ...signed, signature: undefined }, gatewaySandbox.secretKey),
    ).toBe(false);
  });
});
