import { describe, expect, it } from 'vitest';
import { groupedKeys, packTable, tableKeys } from '../../build/pack-tables.js';
import enPayment from './en-payment.js';
import { unpackTable } from './payment-tables.js';
import swPayment from './sw-payment.js';

describe('a payment table packed by the script-tag build', () => {
  const keys = tableKeys(enPayment);

  it('writes each group name once before its keys', () => {
    expect(
      groupedKeys(['title', 'reasons.wrong_pin', 'reasons.unknown', 'reload', 'problems.offline']),
    ).toBe('title reasons.wrong_pin .unknown reload problems.offline');
  });

  it.each([
    ['en', enPayment],
    ['sw', swPayment],
  ])('unpacks to the %s table it was made from', (_locale, table) => {
    expect(unpackTable(packTable(table, keys), groupedKeys(keys))).toEqual(table);
  });

  it('leaves a table that is still an object (the npm package) as it is', () => {
    expect(unpackTable(enPayment)).toBe(enPayment);
  });
});
