/**
 * Every webhook the gateway sends, verified and read as a typed transaction: money in and money
 * out (payouts, airtime, reversals), for any of the merchant's apps. `verifyCallback` stays the
 * checkout's narrow view (payment requests of one app); this is for everything else, such as
 * hearing how a payout ended. The signature is checked first, exactly as `verifyCallback` does.
 */
import { CallbackError, type CallbackInput } from '@lipwa/core';
import { z } from 'zod';
import { type MappedPaymentAppsResult, mapTransactionResult } from './status-codes.js';
import { type PaymentAppsTransaction, transactionRecordSchema } from './transaction-record.js';
import { importWebhookKey, verifyWebhookSignature, webhookAck } from './webhook.js';

export interface PaymentAppsWebhookEvent {
  readonly transaction: PaymentAppsTransaction;
  /** The driver's result (Daraja's ResultCode as text), when the webhook carries it. */
  readonly resultCode?: string | undefined;
  readonly resultDesc?: string | undefined;
  /** Lipwa's reading of the status and result code (the same table as payments). */
  readonly outcome: MappedPaymentAppsResult;
  /** What to answer the gateway so it stops retrying. */
  readonly response: { readonly status: 200; readonly body: { readonly received: true } };
}

export interface PaymentAppsWebhooks {
  verify(input: CallbackInput): Promise<PaymentAppsWebhookEvent>;
}

const resultSchema = z.looseObject({
  result_code: z
    .union([z.string(), z.number()])
    .transform((value) => String(value))
    .nullish(),
  result_desc: z.string().nullish(),
});

function invalid(why: string): CallbackError {
  return new CallbackError('invalid_callback', `Not a payment-apps transaction webhook: ${why}.`, {
    details: { why },
  });
}

export function createWebhooksClient(webhookSecret: string): PaymentAppsWebhooks {
  let key: Promise<CryptoKey> | undefined;
  return {
    async verify(input) {
      if (input.method.toUpperCase() !== 'POST') throw invalid(`${input.method} is not POST`);
      key ??= importWebhookKey(webhookSecret);
      await verifyWebhookSignature(await key, input.headers, input.rawBody);
      let body: unknown;
      try {
        body = JSON.parse(input.rawBody);
      } catch {
        throw invalid('the body is not JSON');
      }
      const candidate =
        typeof body === 'object' && body !== null && !('id' in body) && 'data' in body
          ? (body as { data: unknown }).data
          : body;
      const record = transactionRecordSchema.safeParse(candidate);
      const result = resultSchema.safeParse(candidate);
      if (!record.success || !result.success) {
        const issues = [...(record.error?.issues ?? []), ...(result.error?.issues ?? [])];
        throw invalid(
          `unexpected ${[...new Set(issues.map((i) => i.path.join('.') || 'body'))].join(', ')}`,
        );
      }
      const resultCode = result.data.result_code ?? undefined;
      const resultDesc = result.data.result_desc ?? undefined;
      return {
        transaction: record.data,
        resultCode,
        resultDesc,
        outcome: mapTransactionResult(record.data.status, resultCode, resultDesc),
        response: { status: 200, body: { ...webhookAck } as { received: true } },
      };
    },
  };
}
