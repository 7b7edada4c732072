/**
 * `lipwa.payments.list(params)`: public payment views newest first, as an async iterable that
 * reads the store one page at a time (`PaymentStore.list`), so a merchant can walk every payment
 * without holding them all.
 */
import { type PaymentView, paymentStatuses, ValidationError } from '@lipwa/core';
import { z } from 'zod';
import { zodIssues } from '../http/zod-issues.js';
import type { PaymentListParams } from '../lipwa.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { toPaymentView } from './payment-view.js';

const PAGE_SIZE = 100;

const listParamsSchema = z.strictObject({
  reference: z.string().min(1).optional(),
  status: z.enum(paymentStatuses as [string, ...string[]]).optional(),
  limit: z.number().int().positive().optional(),
  startingAfter: z.string().min(1).optional(),
});

function parseListParams(params: unknown): PaymentListParams {
  const parsed = listParamsSchema.safeParse(params);
  if (!parsed.success) {
    throw new ValidationError(
      'invalid_request',
      `payments.list: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ')}.`,
      { details: { errors: zodIssues(parsed.error.issues) } },
    );
  }
  return parsed.data as PaymentListParams;
}

async function* pages(store: PaymentStore, params: PaymentListParams): AsyncGenerator<PaymentView> {
  let remaining = params.limit ?? Number.POSITIVE_INFINITY;
  let cursor = params.startingAfter;
  if (cursor !== undefined && (await store.get(cursor)) === undefined) {
    throw new ValidationError(
      'invalid_field',
      `payments.list: no payment ${cursor} to start after.`,
      {
        details: { errors: [{ path: 'startingAfter', message: 'no such payment' }] },
      },
    );
  }
  while (remaining > 0) {
    const limit = Math.min(PAGE_SIZE, remaining);
    const page = await store.list({
      reference: params.reference,
      status: params.status,
      limit,
      startingAfter: cursor,
    });
    for (const record of page) yield toPaymentView(record);
    remaining -= page.length;
    if (page.length < limit) return;
    cursor = page.at(-1)?.id;
  }
}

/** Checks the parameters at once; pages are read as the caller iterates. */
export function listPayments(
  store: PaymentStore,
  params: unknown = {},
): AsyncIterable<PaymentView> {
  const checked = parseListParams(params);
  return { [Symbol.asyncIterator]: () => pages(store, checked) };
}
