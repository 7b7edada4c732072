/**
 * Cashfin invoices: create (`POST /business/invoice/create`), list (`GET /business/invoice/list`,
 * paginated, walked as an async iterator), details (`GET /business/invoice/details/:id`) and
 * update (`PATCH /business/invoice/update/:id`). Inputs are checked before anything is sent;
 * answers are zod-checked and returned as `CashfinInvoice`, money as `Money`. The public types are
 * in `invoice-types.ts` and the wire format in `invoice-wire.ts`; both are re-exported here.
 */
import { ValidationError } from '@lipwa/core';
import { z } from 'zod';
import { paginatedList } from '../common/paginated-list.js';
import { callCashfin } from './cashfin-call.js';
import type { CashfinConfig } from './cashfin-options.js';
import { objectId, pageNumber } from './cashfin-values.js';
import { type CashfinInvoices, cashfinInvoiceStatuses } from './invoice-types.js';
import {
  buildInvoiceCreate,
  buildInvoiceUpdate,
  invoiceFrom,
  invoiceSchema,
} from './invoice-wire.js';
import { listPage, MAX_PAGE_SIZE, pageOf } from './list-pages.js';

export {
  type CashfinDiscount,
  type CashfinInvoice,
  type CashfinInvoiceStatus,
  type CashfinInvoices,
  type CashfinInvoiceUpdated,
  type CreateCashfinInvoice,
  cashfinInvoiceStatuses,
  type InvoiceListOptions,
  type UpdateCashfinInvoice,
} from './invoice-types.js';
export {
  buildInvoiceCreate,
  buildInvoiceUpdate,
  invoiceFrom,
  invoiceSchema,
} from './invoice-wire.js';

export const INVOICE_PATHS = Object.freeze({
  create: '/business/invoice/create',
  list: '/business/invoice/list',
  details: '/business/invoice/details',
  update: '/business/invoice/update',
});

const invoiceData = invoiceSchema.transform(invoiceFrom);
const updatedData = z
  .looseObject({ _id: z.string().min(1), modified: z.coerce.number().int().min(0).default(1) })
  .transform((wire) => ({ id: wire._id, modified: wire.modified }));

export function createCashfinInvoices(config: CashfinConfig): CashfinInvoices {
  return {
    async create(input, options = {}) {
      const reply = await callCashfin(config, {
        operation: 'invoices.create',
        method: 'POST',
        path: INVOICE_PATHS.create,
        json: buildInvoiceCreate(input),
        signal: options.signal,
        data: invoiceData,
        idempotent: false,
      });
      return reply.data;
    },
    list(options = {}) {
      const limit = pageNumber('limit', options.limit ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
      if (options.status !== undefined && !cashfinInvoiceStatuses.includes(options.status)) {
        throw new ValidationError(
          'invalid_field',
          `status must be one of ${cashfinInvoiceStatuses.join(', ')}.`,
          { details: { field: 'status' } },
        );
      }
      return paginatedList(async (page) =>
        pageOf(
          await listPage(config, {
            operation: 'invoices.list',
            path: INVOICE_PATHS.list,
            page,
            limit,
            filters: { status: options.status },
            item: invoiceData,
            signal: options.signal,
          }),
        ),
      );
    },
    async details(id, options = {}) {
      const reply = await callCashfin(config, {
        operation: 'invoices.details',
        method: 'GET',
        path: `${INVOICE_PATHS.details}/${objectId('id', id)}`,
        signal: options.signal,
        data: invoiceData,
        idempotent: true,
      });
      return reply.data;
    },
    async update(id, changes, options = {}) {
      const path = `${INVOICE_PATHS.update}/${objectId('id', id)}`;
      const reply = await callCashfin(config, {
        operation: 'invoices.update',
        method: 'PATCH',
        path,
        json: buildInvoiceUpdate(changes),
        signal: options.signal,
        data: updatedData,
        // The same changes sent twice end in the same invoice.
        idempotent: true,
      });
      return reply.data;
    },
  };
}
