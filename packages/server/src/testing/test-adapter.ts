/**
 * This package's test double: core's provider-neutral scripted adapter, reading callbacks with the
 * real `daraja()` adapter's `verifyCallback` (its parser and result-code table), so the kit's tests
 * post Daraja's documented payloads and cannot drift from the adapter they stand in for. Tests
 * script what `initiate` and `query` do. The payload builders below are fixtures, not parsing.
 */
import {
  createScriptedAdapter as createNeutralAdapter,
  type ScriptedAdapter,
  type ScriptedAdapterOptions,
} from '@lipwa/core/testing';
import { daraja } from '@lipwa/providers';
import { darajaSandbox } from '@lipwa/simulator';

export type { ScriptedAdapter } from '@lipwa/core/testing';

/** Daraja's sandbox credentials; this adapter only ever reads callbacks, it never calls out. */
const darajaReader = daraja({ ...darajaSandbox, baseUrl: 'http://127.0.0.1:9/never-called' });

/** What a scripted adapter may claim beyond Daraja's defaults (a redirect or fixed-route provider). */
export type ScriptedTraits = Omit<ScriptedAdapterOptions, 'id' | 'providerRef' | 'verifyCallback'>;

export function createScriptedAdapter(id = 'daraja', traits: ScriptedTraits = {}): ScriptedAdapter {
  return createNeutralAdapter({
    id,
    // CheckoutRequestIDs shaped as Daraja's.
    providerRef: (n) => `ws_CO_2305202212213765370837414${n}`,
    verifyCallback: (input) => darajaReader.verifyCallback(input),
    ...traits,
  });
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
