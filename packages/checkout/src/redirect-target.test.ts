import { describe, expect, it } from 'vitest';
import { returnUrlFrom, safeUrl } from './redirect-target.js';

describe('the return URL sent for a redirect method', () => {
  it('is the page itself, path, other parameters and fragment kept', () => {
    expect(returnUrlFrom('https://shop.example/orders/1042?step=pay#summary')).toBe(
      'https://shop.example/orders/1042?step=pay#summary',
    );
  });

  it('drops every lipwa_ parameter a previous return left on the page', () => {
    expect(
      returnUrlFrom('https://shop.example/orders/1042?lipwa_status=completed&step=pay&lipwa_id=x'),
    ).toBe('https://shop.example/orders/1042?step=pay');
  });

  it('is left out for a page that is not http(s)', () => {
    expect(returnUrlFrom('file:///home/me/shop.html')).toBeUndefined();
    expect(returnUrlFrom('')).toBeUndefined();
  });
});

describe('the hosted pages the widget opens', () => {
  it('are http(s) only', () => {
    expect(safeUrl('https://pay.cashpay.example/checkout/ch_81')).toBe(
      'https://pay.cashpay.example/checkout/ch_81',
    );
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,<script>alert(1)</script>')).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
    expect(safeUrl('')).toBeUndefined();
  });
});
