/**
 * Every adapter reads a lost connection the same way: a request that moves money whose
 * connection dropped after it opened may have been taken, so it is ambiguous (never sent again
 * blindly); a connection that never opened sent nothing; a read is never ambiguous.
 */
import { describe, expect, it } from 'vitest';
import { networkError as cashfin } from '../cashfin/errors.js';
import { networkError as cashpay } from '../cashpay/errors.js';
import { networkError as daraja } from '../daraja/errors.js';
import { networkError as gateway } from '../gateway/gateway-errors.js';
import { networkError as paymentApps } from '../payment-apps/errors.js';

/** What undici's fetch rejects with: a TypeError whose `cause` carries the socket's code. */
function fetchFailure(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

const adapters = [
  {
    name: 'Daraja',
    moving: (cause: unknown) => daraja('stkpush', cause),
    reading: (cause: unknown) => daraja('query', cause),
  },
  {
    name: 'Cashfin',
    moving: (cause: unknown) => cashfin(cause, true),
    reading: (cause: unknown) => cashfin(cause, false),
  },
  {
    name: 'CashPay',
    moving: (cause: unknown) => cashpay('charge', cause),
    reading: (cause: unknown) => cashpay('retrieve', cause),
  },
  {
    name: 'the Payment Gateway',
    moving: (cause: unknown) => gateway('payment_c2b', cause),
    reading: (cause: unknown) => gateway('status', cause),
  },
  {
    name: 'payment-apps',
    moving: (cause: unknown) => paymentApps('requestPayment', cause),
    reading: (cause: unknown) => paymentApps('getTransactionStatus', cause),
  },
] as const;

describe.each(adapters)('$name: a lost connection', ({ moving, reading }) => {
  it.each(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'])(
    'is ambiguous when a payment request dropped after connecting (%s)',
    (code) => {
      const error = moving(fetchFailure(code));

      expect(error.code).toBe('provider_unavailable');
      expect(error.ambiguous).toBe(true);
    },
  );

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])(
    'is not ambiguous when the connection never opened (%s): nothing was sent',
    (code) => {
      expect(moving(fetchFailure(code)).ambiguous).toBe(false);
    },
  );

  it('is not ambiguous for a read, whatever dropped', () => {
    expect(reading(fetchFailure('ECONNRESET')).ambiguous).toBe(false);
  });
});
