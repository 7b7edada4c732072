import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMsisdn, formatMsisdn, maskMsisdn, parseMsisdn } from './msisdn.js';

function accepted(input: string): string {
  const result = parseMsisdn(input);
  if (!result.ok) throw new Error(`expected "${input}" to be accepted, got ${result.reason}`);
  return result.msisdn;
}

function rejection(input: string): string {
  const result = parseMsisdn(input);
  if (result.ok) throw new Error(`expected "${input}" to be refused, got ${result.msisdn}`);
  return result.reason;
}

describe('parseMsisdn', () => {
  it.each([
    ['0712345678', '254712345678'],
    ['0712 345 678', '254712345678'],
    ['0712-345-678', '254712345678'],
    ['+254712345678', '254712345678'],
    ['+254 712 345 678', '254712345678'],
    ['254712345678', '254712345678'],
    ['712345678', '254712345678'],
    ['00254712345678', '254712345678'],
    ['+254 0712 345 678', '254712345678'],
    ['(0712) 345.678', '254712345678'],
    ['0110123456', '254110123456'],
    ['+254 110 123 456', '254110123456'],
    ['  0708374149 ', '254708374149'],
  ])('accepts %s as %s', (input, expected) => {
    expect(accepted(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['07123a5678', 'invalid_characters'],
    ['0712 345', 'too_short'],
    ['07123456789', 'too_long'],
    ['+1 415 555 0100', 'not_kenyan'],
    ['+255712345678', 'not_kenyan'],
    ['0812345678', 'not_mobile'],
    ['0201234567', 'not_mobile'],
  ])('refuses %s because it is %s', (input, reason) => {
    expect(rejection(input)).toBe(reason);
  });

  it('explains every refusal in words a customer understands', () => {
    const result = parseMsisdn('0712');
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('too short') });
  });

  it('tells Safaricom prefixes from other carriers without refusing the others', () => {
    expect(parseMsisdn('0712345678')).toMatchObject({ ok: true, carrier: 'safaricom' });
    expect(parseMsisdn('0110123456')).toMatchObject({ ok: true, carrier: 'safaricom' });
    expect(parseMsisdn('0733123456')).toMatchObject({ ok: true, carrier: 'other' });
  });
});

describe('checkMsisdn', () => {
  it('applies the same rule as parseMsisdn and refuses with a reason but no English text', () => {
    expect(checkMsisdn(' +254 712-345-678 ')).toEqual(parseMsisdn(' +254 712-345-678 '));
    expect(checkMsisdn('0712')).toEqual({ ok: false, reason: 'too_short' });
  });
});

describe('parseMsisdn properties', () => {
  const nationalNumber = fc
    .tuple(fc.constantFrom('7', '1'), fc.stringMatching(/^\d{8}$/))
    .map(([first, rest]) => `${first}${rest}`);
  const separator = fc.constantFrom('', ' ', '-', ' - ', '.');

  it('normalises every common way of writing a number to the same MSISDN', () => {
    fc.assert(
      fc.property(
        nationalNumber,
        separator,
        fc.constantFrom('0', '+254', '254', '', '00254', '+2540'),
        (national, sep, prefix) => {
          const written = `${prefix}${sep}${national.slice(0, 3)}${sep}${national.slice(3, 6)}${sep}${national.slice(6)}`;
          expect(accepted(written)).toBe(`254${national}`);
        },
      ),
    );
  });

  it('is idempotent: a normalised number parses to itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (input) => {
        const first = parseMsisdn(input);
        if (first.ok) expect(accepted(first.msisdn)).toBe(first.msisdn);
      }),
    );
  });

  it('only ever accepts 2547 or 2541 followed by eight digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[+\d\s\-().]{0,20}$/), (input) => {
        const result = parseMsisdn(input);
        if (result.ok) expect(result.msisdn).toMatch(/^254[17]\d{8}$/);
      }),
    );
  });
});

describe('maskMsisdn and formatMsisdn', () => {
  it('keeps only the first four and last three digits of a number', () => {
    expect(maskMsisdn('254712345678')).toBe('2547•••••678');
  });

  it('never reveals more than seven digits of any number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{7,15}$/), (digits) => {
        expect(maskMsisdn(digits).replace(/\D/g, '')).toHaveLength(7);
      }),
    );
  });

  it('writes numbers the way Kenyans read them', () => {
    expect(formatMsisdn('254712345678')).toBe('0712 345 678');
  });
});
