/**
 * A canonical outcome said in the gateway's codes. `status` is the payment's state; `result` is
 * the gateway's own verdict on the operation (0 unless the gateway itself has a code for it,
 * as for a PIN the operator refused); `provider_result` relays Safaricom's ResultCode and
 * ResultDesc, the only place the cause of a failure shows.
 */

import { resultDescription } from '../daraja/result-codes.js';
import type { Outcome } from '../outcomes.js';

export interface GatewayCodes {
  readonly status: number;
  readonly result: { readonly code: number; readonly message: string };
  readonly providerResult: { readonly code: number; readonly message: string };
}

/** Documented statuses the simulator uses. */
export const GatewayStatus = {
  InProgress: 1,
  Success: 2,
  Failed: 3,
  Cancelled: 4,
} as const;

const ok = { code: 0, message: 'OK' } as const;

function relayed(code: number): GatewayCodes['providerResult'] {
  return { code, message: resultDescription(String(code)) };
}

export const gatewayCodesOf: Readonly<Record<Outcome, GatewayCodes>> = Object.freeze({
  paid: { status: GatewayStatus.Success, result: ok, providerResult: relayed(0) },
  insufficient_funds: { status: GatewayStatus.Failed, result: ok, providerResult: relayed(1) },
  wrong_pin: {
    status: GatewayStatus.Failed,
    result: { code: 1, message: 'INVALID PIN' },
    providerResult: relayed(2001),
  },
  cancelled: { status: GatewayStatus.Cancelled, result: ok, providerResult: relayed(1032) },
  no_response: { status: GatewayStatus.Failed, result: ok, providerResult: relayed(1037) },
});

/** Safaricom refused the push at once: a transaction is already in process for the subscriber. */
export const busyCodes: GatewayCodes = Object.freeze({
  status: GatewayStatus.Failed,
  result: ok,
  providerResult: relayed(1001),
});

/** Accepted and waiting for the customer. */
export const acceptedCodes: GatewayCodes = Object.freeze({
  status: GatewayStatus.InProgress,
  result: ok,
  providerResult: { code: 0, message: 'Success. Request accepted for processing' },
});

/** The gateway's own test provider (14): in progress forever, as documented. */
export const testProviderCodes: GatewayCodes = Object.freeze({
  status: GatewayStatus.InProgress,
  result: ok,
  providerResult: { code: -8888, message: 'Good' },
});
