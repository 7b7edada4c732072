/**
 * `cashfin(options)`: M-Pesa through Cashfin's Business API behind core's `ProviderAdapter`
 * contract. Cashfin takes no callback URL per request: the merchant registers one webhook URL
 * in its dashboard (`callbackRoute: 'fixed'`), signs webhooks with HMAC-SHA256, and has no
 * status endpoint, so there is no `query`: a payment without a webhook expires at the kit's
 * deadline and stays open to a late webhook.
 *
 * Beyond the checkout, the adapter carries typed clients for Cashfin's other documented
 * operations: `invoices`, `subscriptions`, `paymentLinks` and shop `orders`.
 */
import {
  CallbackError,
  type CallbackInput,
  type CallbackResult,
  type Capability,
  type InitiateRequest,
  type InitiateResult,
  type ProviderAdapter,
} from '@lipwa/core';
import { type CashfinOptions, cashfinHosts, parseCashfinOptions } from './cashfin-options.js';
import { type CashfinInvoices, createCashfinInvoices } from './invoices.js';
import { requestMobilePayment } from './mobile-payment.js';
import { type CashfinOrders, createCashfinOrders } from './orders.js';
import { type CashfinPaymentLinks, createCashfinPaymentLinks } from './payment-links.js';
import { type CashfinSubscriptions, createCashfinSubscriptions } from './subscriptions.js';
import { cashfinWebhookAck, parseCashfinWebhook } from './webhook.js';
import { CASHFIN_SIGNATURE_HEADER, verifyCashfinSignature } from './webhook-signature.js';

export interface CashfinAdapter extends ProviderAdapter {
  readonly id: 'cashfin';
  readonly callbackRoute: 'fixed';
  /** Create, list (async iterator), read and update invoices. */
  readonly invoices: CashfinInvoices;
  /** Create and read subscriptions. */
  readonly subscriptions: CashfinSubscriptions;
  /** Create, list and read payment links. */
  readonly paymentLinks: CashfinPaymentLinks;
  /** Check out a shop order, paid by an M-Pesa prompt. */
  readonly orders: CashfinOrders;
}

function headerValue(headers: CallbackInput['headers'], name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  // The contract promises lower-case names; tolerate a caller that kept the original case.
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

export function cashfin(options: CashfinOptions): CashfinAdapter {
  const config = parseCashfinOptions(options);
  const capabilities: ReadonlySet<Capability> = new Set<Capability>(['stk']);
  // Any host but Cashfin's own is a stand-in (the simulator, a mock): the kit treats it as one.
  const official = config.baseUrl === cashfinHosts[config.environment];
  return Object.freeze({
    id: 'cashfin' as const,
    displayName: 'M-Pesa (Cashfin)',
    capabilities,
    callbackRoute: 'fixed' as const,
    target: official ? config.environment : ('simulator' as const),
    currencies: new Set(['KES']) as ReadonlySet<string>,
    invoices: Object.freeze(createCashfinInvoices(config)),
    subscriptions: Object.freeze(createCashfinSubscriptions(config)),
    paymentLinks: Object.freeze(createCashfinPaymentLinks(config)),
    orders: Object.freeze(createCashfinOrders(config)),
    initiate(request: InitiateRequest): Promise<InitiateResult> {
      return requestMobilePayment(config, request);
    },
    async verifyCallback(input: CallbackInput): Promise<CallbackResult> {
      if (input.method.toUpperCase() !== 'POST') {
        throw new CallbackError(
          'invalid_callback',
          `Cashfin posts its webhooks; a ${input.method} request is not one.`,
          { details: { method: input.method } },
        );
      }
      verifyCashfinSignature(
        input.rawBody,
        headerValue(input.headers, CASHFIN_SIGNATURE_HEADER),
        config.webhookSecret,
      );
      const updates = parseCashfinWebhook(input.rawBody);
      return { updates, response: { status: 200, body: { ...cashfinWebhookAck } } };
    },
  });
}
