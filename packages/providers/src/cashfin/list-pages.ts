/**
 * One page of a Cashfin list (`?page=&limit=`), its `meta { total, page, limit, pages }` read
 * into Lipwa's `Page`. Cashfin's documents show the meta but not the query names; `page` and
 * `limit` are assumed from it, as is the largest page (100).
 */
import { z } from 'zod';
import type { Page } from '../common/paginated-list.js';
import { type CashfinMeta, callCashfin } from './cashfin-call.js';
import type { CashfinConfig } from './cashfin-options.js';

/** Assumed largest page; the documented default is 10. */
export const MAX_PAGE_SIZE = 100;

export interface ListOptions {
  /** Items per page, 1 to 100 (default 100: fewer requests against the rate limit). */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

export interface ListPageCall<T> {
  readonly operation: string;
  readonly path: string;
  readonly page: number;
  readonly limit: number;
  readonly filters?: Readonly<Record<string, string | undefined>>;
  readonly item: z.ZodType<T>;
  readonly signal?: AbortSignal | undefined;
}

export interface ListPageReply<T> {
  readonly items: readonly T[];
  readonly requested: { readonly page: number; readonly limit: number };
  readonly meta?: CashfinMeta | undefined;
}

export async function listPage<T>(
  config: CashfinConfig,
  call: ListPageCall<T>,
): Promise<ListPageReply<T>> {
  const reply = await callCashfin(config, {
    operation: call.operation,
    method: 'GET',
    path: call.path,
    query: { ...call.filters, page: call.page, limit: call.limit },
    signal: call.signal,
    data: z.array(call.item),
    idempotent: true,
  });
  return {
    items: reply.data,
    requested: { page: call.page, limit: call.limit },
    meta: reply.meta,
  };
}

/** Cashfin's meta as a `Page`; without meta, a short page is the last one. */
export function pageOf<T>(reply: ListPageReply<T>): Page<T> {
  const { items, meta, requested } = reply;
  if (meta) {
    return { items, page: meta.page, limit: meta.limit, total: meta.total, pages: meta.pages };
  }
  const last = items.length < requested.limit;
  return {
    items,
    page: requested.page,
    limit: requested.limit,
    total: (requested.page - 1) * requested.limit + items.length,
    pages: last ? requested.page : requested.page + 1,
  };
}
