/**
 * The simulated CashPay sandbox account. The simulator accepts exactly these client credentials
 * and charges only in the account's currency (YER, as in CashPay's own example), so
 * `cashpay({ baseUrl, ...cashpaySandbox })` works against it unchanged.
 */
export const cashpaySandbox = {
  clientId: 'lipwa-cashpay-client',
  clientSecret: 'lipwa-cashpay-secret',
  currency: 'YER',
} as const;

/** The merchant name the hosted payment page shows. */
export const CASHPAY_SANDBOX_MERCHANT = 'Lipwa Sandbox Shop';

/** CashPay's documented token lifetime: 55 minutes. */
export const CASHPAY_TOKEN_LIFETIME_SECONDS = 55 * 60;
