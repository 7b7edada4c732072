/**
 * Laravel's `paginate()` answer (`current_page`, `data`, `per_page`, `total`, and `last_page`
 * when present), as the gateway wraps it in `data` for `GET /api/pay/apps` and
 * `queryTransactions`, read into Lipwa's `Page`.
 */
import { z } from 'zod';
import type { Page } from '../common/paginated-list.js';

const count = z.coerce.number().int().min(0);

export function laravelPageSchema<T>(item: z.ZodType<T>) {
  return z.looseObject({
    current_page: count.pipe(z.number().min(1)),
    data: z.array(item),
    per_page: count.pipe(z.number().min(1)),
    total: count,
    last_page: count.optional(),
  });
}

export function pageFromLaravel<T>(page: {
  current_page: number;
  data: T[];
  per_page: number;
  total: number;
  last_page?: number | undefined;
}): Page<T> {
  return {
    items: page.data,
    page: page.current_page,
    limit: page.per_page,
    total: page.total,
    // Older Laravel answers leave out last_page: work it out from the total.
    pages: page.last_page ?? Math.max(1, Math.ceil(page.total / page.per_page)),
  };
}
