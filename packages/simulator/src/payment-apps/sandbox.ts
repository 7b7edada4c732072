/**
 * The payment-apps gateway's sandbox as the simulator serves it: one merchant (user 1) with an
 * M-Pesa Express app, a B2C app, paybill apps and a personal line, an API token with every
 * ability, and the webhook secret.
 * Spread `paymentAppsSandbox` into the adapter's options (`paymentApps({ baseUrl, ...sandbox })`).
 */
export const paymentAppsSandbox = {
  /** A Sanctum personal access token, `{id}|{40 characters}`, with the `*` ability and no expiry. */
  apiToken: '1|LipwaSimulatorPaymentAppsSandboxToken0001',
  /** The merchant's M-Pesa Express (MpesaKeExpress) payment app. */
  paymentApp: 1,
  /** The secret of the app's catch-all webhook rule: `X-Salami-Signature` is keyed with it. */
  webhookSecret: 'lipwa-simulator-payment-apps-webhook-secret',
  /** The merchant's B2C (MpesaKeB2C) app: payouts, airtime and its balance. */
  payoutApp: 3,
  /** The merchant's paybill (MpesaKeC2B) app: its C2B payments complete checkouts by reference. */
  paybillApp: 4,
} as const;

/** Every app of the simulated gateway by role, for tests that name one. */
export const paymentAppsSandboxApps = Object.freeze({
  /** The sandbox merchant's M-Pesa Express app. */
  express: 1,
  /** Another merchant's app: the sandbox token gets 403 on it. */
  foreign: 2,
  /** The sandbox merchant's B2C app (payouts, airtime, balance). */
  b2c: 3,
  /** The sandbox merchant's paybill (MpesaKeC2B) app, in sandbox mode: simulateTransaction works. */
  c2b: 4,
  /** A live paybill app: simulateTransaction fails on it. */
  liveC2b: 5,
  /** A personal M-Pesa line read from its SMS (MpesaKePersonal): extractTransaction. */
  personal: 6,
});

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
  {
    id: 3,
    name: 'Lipwa simulator payouts',
    type: 'MpesaKeB2C',
    isLive: false,
    ownerId: SANDBOX_USER_ID,
    shortcode: '600981',
    payeeName: 'Lipwa Simulator Shop',
    createdAt: '2026-01-15T10:31:00.000000Z',
  },
  {
    id: 4,
    name: 'Lipwa simulator paybill',
    type: 'MpesaKeC2B',
    isLive: false,
    ownerId: SANDBOX_USER_ID,
    shortcode: '600984',
    payeeName: 'Lipwa Simulator Shop',
    createdAt: '2026-01-15T10:32:00.000000Z',
  },
  {
    id: 5,
    name: 'Lipwa live paybill',
    type: 'MpesaKeC2B',
    isLive: true,
    ownerId: SANDBOX_USER_ID,
    shortcode: '522533',
    payeeName: 'Lipwa Simulator Shop',
    createdAt: '2026-01-20T09:00:00.000000Z',
  },
  {
    id: 6,
    name: 'Lipwa simulator personal line',
    type: 'MpesaKePersonal',
    isLive: false,
    ownerId: SANDBOX_USER_ID,
    shortcode: '254708374149',
    payeeName: 'JANE DOE',
    createdAt: '2026-01-21T09:00:00.000000Z',
  },
]);

/** Drivers that can send money out (sendMoney, airtime) and report a balance. */
export const payoutDrivers: ReadonlySet<string> = new Set(['MpesaKeB2C', 'MpesaKeB2B']);
