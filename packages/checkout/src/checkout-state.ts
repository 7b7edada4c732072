/** The widget's states, as a `const` object plus a type of the same name (lit task's habit). */
export const CheckoutState = {
  Loading: 'loading',
  Phone: 'phone',
  Sending: 'sending',
  Waiting: 'waiting',
  /** Back from a hosted payment page (or its popup closed) with the payment still pending. */
  Unfinished: 'unfinished',
  Success: 'success',
  Failure: 'failure',
  Cancelled: 'cancelled',
  Expired: 'expired',
  SessionExpired: 'session-expired',
  Error: 'error',
} as const;
export type CheckoutState = (typeof CheckoutState)[keyof typeof CheckoutState];
export const checkoutStates = Object.values(CheckoutState) as readonly CheckoutState[];
