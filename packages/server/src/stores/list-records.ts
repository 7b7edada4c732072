/**
 * `PaymentStore.list` for stores that hold their records in memory in creation order (the memory
 * store and the file store's index): newest first, filtered, after the cursor.
 */
import type { PaymentRecord } from './payment-record.js';
import type { PaymentListQuery } from './payment-store.js';

export function listRecords(
  inCreationOrder: Iterable<PaymentRecord>,
  query: PaymentListQuery,
): PaymentRecord[] {
  const newestFirst = [...inCreationOrder].reverse();
  let start = 0;
  if (query.startingAfter !== undefined) {
    const cursor = newestFirst.findIndex((record) => record.id === query.startingAfter);
    if (cursor < 0) return [];
    start = cursor + 1;
  }
  const page: PaymentRecord[] = [];
  for (const record of newestFirst.slice(start)) {
    if (page.length >= query.limit) break;
    if (query.reference !== undefined && record.reference !== query.reference) continue;
    if (query.status !== undefined && record.status !== query.status) continue;
    if (query.refund !== undefined && record.providerData?.refund !== query.refund) continue;
    page.push(record);
  }
  return page;
}
