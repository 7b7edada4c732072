/**
 * `paymentApps(options)`: M-Pesa Express through a payment-apps gateway (transaction ids are
 * "Salami ids") behind core's `ProviderAdapter` contract. The gateway takes no callback URL per
 * request: the merchant registers one webhook URL in its dashboard, so the route is `fixed` and
 * every webhook is verified by its signature. Options are parsed once; mistakes throw here.
 */
import type {
  CallbackInput,
  CallbackResult,
  Capability,
  InitiateRequest,
  InitiateResult,
  ProviderAdapter,
  StatusUpdate,
} from '@lipwa/core';
import { CallbackError } from '@lipwa/core';
import {
  type PaymentAppsOptions,
  parsePaymentAppsOptions,
  paymentAppsTarget,
} from './payment-apps-options.js';
import { checkPaymentRequestStatus } from './payment-request-status.js';
import { requestPayment } from './request-payment.js';
import {
  importWebhookKey,
  parseWebhookRecord,
  verifyWebhookSignature,
  webhookAck,
  webhookUpdate,
} from './webhook.js';

export interface PaymentAppsAdapter extends ProviderAdapter {
  readonly id: 'payment-apps';
  readonly callbackRoute: 'fixed';
  /** `checkPaymentRequestStatus` by Salami id; `pending` while the customer has not answered. */
  query(ref: string, options?: { signal?: AbortSignal }): Promise<StatusUpdate>;
}

export function paymentApps(options: PaymentAppsOptions): PaymentAppsAdapter {
  const config = parsePaymentAppsOptions(options);
  const capabilities: ReadonlySet<Capability> = new Set<Capability>(['stk', 'query']);
  let webhookKey: Promise<CryptoKey> | undefined;

  return Object.freeze({
    id: 'payment-apps' as const,
    displayName: config.displayName,
    capabilities,
    callbackRoute: 'fixed' as const,
    target: paymentAppsTarget(config),
    currencies: new Set(['KES']) as ReadonlySet<string>,
    initiate(request: InitiateRequest): Promise<InitiateResult> {
      return requestPayment(config, request);
    },
    query(ref: string, o: { signal?: AbortSignal } = {}): Promise<StatusUpdate> {
      return checkPaymentRequestStatus(config, ref, o);
    },
    async verifyCallback(input: CallbackInput): Promise<CallbackResult> {
      if (input.method.toUpperCase() !== 'POST') {
        throw new CallbackError(
          'invalid_callback',
          `The gateway POSTs its webhooks; got ${input.method}.`,
          { details: { why: 'method' } },
        );
      }
      webhookKey ??= importWebhookKey(config.webhookSecret);
      await verifyWebhookSignature(await webhookKey, input.headers, input.rawBody);
      const update = webhookUpdate(parseWebhookRecord(input.rawBody), config.paymentApp);
      return {
        updates: update === undefined ? [] : [update],
        response: { status: 200, body: { ...webhookAck } },
      };
    },
  });
}
