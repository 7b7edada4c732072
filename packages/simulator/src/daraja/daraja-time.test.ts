import { describe, expect, it } from 'vitest';
import { checkoutIdTime, darajaTimestamp, isDarajaTimestamp } from './daraja-time.js';

describe('Daraja time formats', () => {
  const instant = Date.parse('2022-05-23T09:21:37.653Z');

  it('formats YYYYMMDDHHmmss in Nairobi time', () => {
    expect(darajaTimestamp(instant)).toBe('20220523122137');
  });

  it('formats the CheckoutRequestID date part as ddMMyyyyHHmmss plus milliseconds', () => {
    expect(checkoutIdTime(instant)).toBe('23052022122137653');
  });

  it('accepts only real calendar moments in YYYYMMDDHHmmss', () => {
    expect(isDarajaTimestamp('20160216165627')).toBe(true);
    expect(isDarajaTimestamp('20240229235959')).toBe(true);
    expect(isDarajaTimestamp('20230229120000')).toBe(false);
    expect(isDarajaTimestamp('20240101246000')).toBe(false);
    expect(isDarajaTimestamp('2024010112000')).toBe(false);
    expect(isDarajaTimestamp('2024-01-01T12')).toBe(false);
  });
});
