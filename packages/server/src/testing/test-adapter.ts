/**
 * A scripted provider adapter for tests: a double at core's `ProviderAdapter` boundary that
 * speaks Daraja's callback shape (`Body.stkCallback`, ResultCode, CallbackMetadata) so the kit is
 * exercised with the provider's real payloads. Tests script what `initiate` and `query` do.
 */
import {
  CallbackError,
  type CallbackInput,
  type CallbackResult,
  type Capability,
  type FailureReason,
  type InitiateRequest,
  type InitiateResult,
  type ProviderAdapter,
  type StatusUpdate,
} from '@lipwa/core';

export interface ScriptedAdapter extends ProviderAdapter {
  /** Every initiate request received, in order. */
  readonly initiated: InitiateRequest[];
  /** Every providerRef queried, in order. */
  readonly queried: string[];
  /** What the next initiate calls do; default: accept with `ws_CO_<n>`. */
  onInitiate: (request: InitiateRequest) => Promise<InitiateResult>;
  /** What query answers; default: still pending. */
  onQuery: (providerRef: string) => Promise<StatusUpdate>;
  /** The callback URL given to the last initiate call. */
  lastCallbackUrl(): string;
}

/** Daraja ResultCode -> canonical status and reason (the subset the tests use). */
const resultCodes: Record<number, { status: StatusUpdate['status']; reason?: FailureReason }> = {
  0: { status: 'completed' },
  1: { status: 'failed', reason: 'insufficient_funds' },
  1032: { status: 'cancelled', reason: 'cancelled_by_user' },
  1037: { status: 'expired', reason: 'no_response' },
  2001: { status: 'failed', reason: 'wrong_pin' },
};

interface StkCallback {
  MerchantRequestID: string;
  CheckoutRequestID: string;
  ResultCode: number;
  ResultDesc: string;
  CallbackMetadata?: { Item: { Name: string; Value?: string | number }[] };
}

function parseStkCallback(rawBody: string): StkCallback {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw new CallbackError('invalid_callback', 'The callback body is not JSON.');
  }
  const callback = (parsed as { Body?: { stkCallback?: StkCallback } } | null)?.Body?.stkCallback;
  if (
    !callback ||
    typeof callback.CheckoutRequestID !== 'string' ||
    typeof callback.ResultCode !== 'number'
  ) {
    throw new CallbackError('invalid_callback', 'The callback has no Body.stkCallback.');
  }
  return callback;
}

/** What a scripted adapter may claim beyond Daraja's defaults (a redirect or fixed-route provider). */
export type ScriptedTraits = Partial<
  Pick<ProviderAdapter, 'capabilities' | 'callbackRoute' | 'displayName' | 'currencies' | 'target'>
>;

export function createScriptedAdapter(id = 'daraja', traits: ScriptedTraits = {}): ScriptedAdapter {
  const initiated: InitiateRequest[] = [];
  const queried: string[] = [];
  let counter = 0;
  const adapter: ScriptedAdapter = {
    id,
    capabilities: new Set<Capability>(['stk', 'query']),
    // Stands in for a real provider account: the kit treats it as a sandbox.
    target: 'sandbox',
    initiated,
    queried,
    onInitiate: async () => {
      counter += 1;
      return { providerRef: `ws_CO_2305202212213765370837414${counter}`, next: { type: 'stk' } };
    },
    onQuery: async (providerRef) => ({ providerRef, status: 'pending' }),
    lastCallbackUrl() {
      const last = initiated[initiated.length - 1];
      if (!last) throw new Error('initiate was never called');
      return last.callbackUrl;
    },
    async initiate(request) {
      initiated.push(request);
      return adapter.onInitiate(request);
    },
    async query(providerRef) {
      queried.push(providerRef);
      return adapter.onQuery(providerRef);
    },
    async verifyCallback(input: CallbackInput): Promise<CallbackResult> {
      const callback = parseStkCallback(input.rawBody);
      const mapped = resultCodes[callback.ResultCode] ?? { status: 'failed', reason: 'unknown' };
      const item = (name: string) =>
        callback.CallbackMetadata?.Item.find((entry) => entry.Name === name)?.Value;
      const amount = item('Amount');
      const receipt = item('MpesaReceiptNumber');
      const update: StatusUpdate = {
        providerRef: callback.CheckoutRequestID,
        status: mapped.status,
        reason: mapped.reason,
        providerCode: String(callback.ResultCode),
        message: callback.ResultDesc,
        ...(typeof receipt === 'string' ? { receipt } : {}),
        // Daraja reports whole shillings; the kit speaks minor units.
        ...(typeof amount === 'number'
          ? { amount: { amount: amount * 100, currency: 'KES' } }
          : {}),
      };
      return {
        updates: [update],
        response: { status: 200, body: { ResultCode: 0, ResultDesc: 'Accepted' } },
      };
    },
  };
  Object.assign(adapter, traits);
  return adapter;
}

/** A Daraja success callback, as documented (`CallbackMetadata.Item` with Amount in shillings). */
export function darajaSuccess(checkoutRequestId: string, amountShillings: number): string {
  return JSON.stringify({
    Body: {
      stkCallback: {
        MerchantRequestID: '29115-34620561-1',
        CheckoutRequestID: checkoutRequestId,
        ResultCode: 0,
        ResultDesc: 'The service request is processed successfully.',
        CallbackMetadata: {
          Item: [
            { Name: 'Amount', Value: amountShillings },
            { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
            { Name: 'Balance' },
            { Name: 'TransactionDate', Value: 20191219102115 },
            { Name: 'PhoneNumber', Value: 254708374149 },
          ],
        },
      },
    },
  });
}

/** A Daraja failure callback (no CallbackMetadata), e.g. 1032 cancelled by the user. */
export function darajaFailure(
  checkoutRequestId: string,
  resultCode: number,
  resultDesc: string,
): string {
  return JSON.stringify({
    Body: {
      stkCallback: {
        MerchantRequestID: '29115-34620561-1',
        CheckoutRequestID: checkoutRequestId,
        ResultCode: resultCode,
        ResultDesc: resultDesc,
      },
    },
  });
}
