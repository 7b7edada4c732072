import { describe, expect, it } from 'vitest';
import { readMpesaSms } from './mpesa-sms.js';

const nairobi = (y: number, m: number, d: number, h: number, min: number) =>
  Date.UTC(y, m - 1, d, h - 3, min);

describe('reading M-Pesa confirmation SMS', () => {
  it('reads the gateway document’s own example (money received)', () => {
    const reading = readMpesaSms(
      'QJI3R7GXWV Confirmed. Ksh100.00 received from JOHN DOE 0712345678 on 15/3/26 at 2:30 PM. New M-PESA balance is Ksh1,500.00.',
    );

    expect(reading).toEqual({
      ok: true,
      transaction: {
        kind: 'received',
        transactionId: 'QJI3R7GXWV',
        amount: 100,
        counterparty: { name: 'JOHN DOE', account: '0712345678' },
        time: nairobi(2026, 3, 15, 14, 30),
      },
    });
  });

  it.each([
    [
      'received (long form)',
      'QJI3R7GXWV Confirmed. You have received Ksh1,000.00 from JANE DOE 0712345678 on 6/1/26 at 9:10 AM. New M-PESA balance is Ksh3,300.00.',
      { kind: 'received', amount: 1000, counterparty: { name: 'JANE DOE', account: '0712345678' } },
    ],
    [
      'sent to a person',
      'QJK1ABCDEF Confirmed. Ksh500.00 sent to JOHN DOE 0712345678 on 23/6/26 at 9:00 AM. New M-PESA balance is Ksh4,500.00. Transaction cost, Ksh11.00. Amount you can transact within the day is 499,850.00.',
      { kind: 'sent', amount: 500, counterparty: { name: 'JOHN DOE', account: '0712345678' } },
    ],
    [
      'paid to a paybill',
      'QJK2ABCDEF Confirmed. Ksh50.00 sent to BUSINESS NAME for account ACC123 on 16/2/26 at 9:18 AM New M-PESA balance is Ksh1.00. Transaction cost, Ksh0.00.Amount you can transact within the day is 1.00',
      {
        kind: 'paybill',
        amount: 50,
        accountNumber: 'ACC123',
        counterparty: { name: 'BUSINESS NAME', account: null },
      },
    ],
    [
      'paid to a till (no space after the full stop)',
      'QJK3ABCDEF Confirmed. Ksh70.00 paid to SHOP NAME. on 20/10/24 at 3:04 PM.New M-PESA balance is Ksh9.00.',
      { kind: 'till', amount: 70, counterparty: { name: 'SHOP NAME', account: null } },
    ],
    [
      'airtime',
      'QJK4ABCDEF confirmed.You bought Ksh50.00 of airtime on 2/11/23 at 6:04 PM.New M-PESA balance is Ksh9.00.',
      { kind: 'airtime', amount: 50 },
    ],
    [
      'a reversal',
      'QJK5ABCDEF confirmed. Reversal of transaction QJK1ABCDEF has been successfully reversed on 7/6/24 at 10:12 AM and Ksh10.00 is credited to your M-PESA account. New M-PESA balance is Ksh20.00.',
      { kind: 'reversal', amount: 10, reversedTransactionId: 'QJK1ABCDEF' },
    ],
  ])('reads %s', (_case, sms, expected) => {
    const reading = readMpesaSms(sms);

    expect(reading.ok).toBe(true);
    expect(reading.ok && reading.transaction).toMatchObject(expected);
  });

  it('reads a till payment’s time as Nairobi time, 3:04 PM being 12:04 UTC', () => {
    const reading = readMpesaSms(
      'QJK3ABCDEF Confirmed. Ksh70.00 paid to SHOP NAME. on 20/10/24 at 3:04 PM.New M-PESA balance is Ksh9.00.',
    );

    expect(reading.ok && new Date(reading.transaction.time).toISOString()).toBe(
      '2024-10-20T12:04:00.000Z',
    );
  });

  it.each([
    [
      'a forwarded message',
      'Fwd: QJI3R7GXWV Confirmed. Ksh100.00 received from JOHN DOE 0712345678 on 15/3/26 at 2:30 PM.',
    ],
    [
      'a lower-case transaction id',
      'qji3r7gxwv Confirmed. Ksh100.00 received from JOHN DOE 0712345678 on 15/3/26 at 2:30 PM.',
    ],
    [
      'an impossible date',
      'QJI3R7GXWV Confirmed. Ksh100.00 received from JOHN DOE 0712345678 on 31/2/26 at 2:30 PM.',
    ],
    ['an unknown body', 'QJI3R7GXWV Confirmed. Your M-PESA PIN was changed on 15/3/26 at 2:30 PM.'],
    [
      'a zero amount',
      'QJI3R7GXWV Confirmed. Ksh0.00 received from JOHN DOE 0712345678 on 15/3/26 at 2:30 PM.',
    ],
    ['anything else', 'Hello, please send me money'],
  ])('refuses %s with a reason', (_case, sms) => {
    const reading = readMpesaSms(sms);

    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.reason).toMatch(/\w+/);
  });
});
