/**
 * The payment-apps gateway's sandbox as the simulator serves it: one merchant (user 1) with one
 * M-Pesa Express payment app, an API token with every ability, and the app's webhook secret.
 * Spread `paymentAppsSandbox` into the adapter's options (`paymentApps({ baseUrl, ...sandbox })`).
 */
export const paymentAppsSandbox = {
  /** A Sanctum personal access token, `{id}|{40 characters}`, with the `*` ability and no expiry. */
  apiToken: '1|LipwaSimulatorPaymentAppsSandboxToken0001',
  /** The merchant's M-Pesa Express (MpesaKeExpress) payment app. */
  paymentApp: 1,
  /** The secret of the app's catch-all webhook rule: `X-Salami-Signature` is keyed with it. */
  webhookSecret: 'lipwa-simulator-payment-apps-webhook-secret',
} as const;

/** A payment app as the gateway stores it. */
export interface SimulatedPaymentApp {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly isLive: boolean;
  /** The user who owns it: only their tokens may use it (403 otherwise). */
  readonly ownerId: number;
  /** The M-Pesa shortcode the driver pushes for, shown on the virtual phone. */
  readonly shortcode: string;
  readonly payeeName: string;
  readonly createdAt: string;
}

export const SANDBOX_USER_ID = 1;

/** App 1 is the sandbox merchant's; app 2 belongs to someone else (so 403 can be tested). */
export const simulatedApps: readonly SimulatedPaymentApp[] = Object.freeze([
  {
    id: paymentAppsSandbox.paymentApp,
    name: 'Lipwa simulator M-Pesa Express',
    type: 'MpesaKeExpress',
    isLive: false,
    ownerId: SANDBOX_USER_ID,
    shortcode: '174379',
    payeeName: 'Lipwa Simulator Shop',
    createdAt: '2026-01-15T10:30:00.000000Z',
  },
  {
    id: 2,
    name: 'Another merchant STK',
    type: 'MpesaKeExpress',
    isLive: false,
    ownerId: 2,
    shortcode: '600000',
    payeeName: 'Another Merchant',
    createdAt: '2026-02-01T08:00:00.000000Z',
  },
]);
