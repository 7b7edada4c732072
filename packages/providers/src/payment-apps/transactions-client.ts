/**
 * The gateway's transaction operations on a payment app: `get` (transaction/{id}), `list`
 * (queryTransactions, Laravel-paginated, walked as an async iterator), `fetch`
 * (fetchTransactions), `status` (getTransactionStatus), `checkPaymentRequest`
 * (checkPaymentRequestStatus), `reverse` (reverseTransaction), `extract` (extractTransaction,
 * from an M-Pesa SMS), `simulate` (simulateTransaction, sandbox C2B) and `instructions`
 * (getInstructions, HTML). Each defaults to the configured `paymentApp`; `{ app }` names another.
 */
import {
  fromDecimalString,
  type Money,
  type PaymentStatus,
  type StatusUpdate,
  ValidationError,
} from '@lipwa/core';
import { z } from 'zod';
import { type PaginatedList, paginatedList } from '../common/paginated-list.js';
import {
  commandAccepted,
  commandAcceptedSchema,
  type PaymentAppsCommandAccepted,
  salamiIdSchema,
} from './command-accepted.js';
import { unexpectedAnswer, wrapperFailure } from './errors.js';
import { callTyped, sendTyped } from './gateway-call.js';
import {
  appId,
  msisdn,
  requiredText,
  SIMULATE_LIMITS,
  salamiId,
  wholeShillings,
} from './inputs.js';
import { laravelPageSchema, pageFromLaravel } from './laravel-page.js';
import type { AppCallOptions } from './money-out.js';
import type { PaymentAppsConfig } from './payment-apps-options.js';
import { checkPaymentRequestStatus } from './payment-request-status.js';
import { mapPaymentRequestResult } from './status-codes.js';
import { type PaymentAppsTransaction, transactionRecordSchema } from './transaction-record.js';

export interface PaymentAppsTransactionStatus {
  readonly transactionId: string;
  /** Lipwa's reading: `pending` until the gateway says a result; `reversed` when it says so. */
  readonly status: PaymentStatus;
  readonly reason?: string | undefined;
  /** Daraja's ResultCode as text, when there is one. */
  readonly resultCode?: string | undefined;
  readonly resultDesc?: string | undefined;
  /** The M-Pesa receipt (`TransactionID`). */
  readonly receipt?: string | undefined;
  /** Daraja's words: `Completed`, `Failed`, `Pending`, `Reversed`, … */
  readonly transactionStatus?: string | undefined;
  readonly conversationId?: string | undefined;
  readonly originatorConversationId?: string | undefined;
}

export interface PaymentAppsExtractedTransaction {
  readonly id?: string | undefined;
  /** The M-Pesa transaction id the SMS names. */
  readonly receipt: string;
  readonly amount: Money;
  readonly payerName?: string | undefined;
  readonly payerAccount?: string | undefined;
  readonly transactionTime?: string | undefined;
  readonly status: string;
  readonly type?: string | undefined;
}

export interface PaymentAppsSimulation {
  /** Sandbox C2B payment from `phone` to the app's paybill. */
  readonly phone: string;
  /** Whole KES from 1 to 250,000. */
  readonly amount: Money;
  /** The bill reference (account number), 1-20 characters. */
  readonly reference: string;
}

export interface PaymentAppsSimulated {
  readonly transactionId?: string | undefined;
  readonly originatorConversationId?: string | undefined;
}

export interface TransactionListOptions extends AppCallOptions {
  /** Records per page, 1-100 (the gateway's default is 15). */
  readonly perPage?: number;
}

export interface PaymentAppsTransactions {
  get(id: string, options?: AppCallOptions): Promise<PaymentAppsTransaction>;
  list(options?: TransactionListOptions): PaginatedList<PaymentAppsTransaction>;
  fetch(options?: AppCallOptions): Promise<PaymentAppsTransaction[]>;
  status(id: string, options?: AppCallOptions): Promise<PaymentAppsTransactionStatus>;
  checkPaymentRequest(id: string, options?: AppCallOptions): Promise<StatusUpdate>;
  reverse(id: string, options?: AppCallOptions): Promise<PaymentAppsCommandAccepted>;
  extract(message: string, options?: AppCallOptions): Promise<PaymentAppsExtractedTransaction>;
  simulate(
    simulation: PaymentAppsSimulation,
    options?: AppCallOptions,
  ): Promise<PaymentAppsSimulated>;
  instructions(id: string, options?: AppCallOptions): Promise<string>;
}

/** Longest SMS text sent for extraction (a few concatenated SMS). */
export const SMS_MAX = 1_000;
const code = z.union([z.string(), z.number()]).transform((value) => String(value).trim());

const statusSchema = z.looseObject({
  ResponseCode: code.optional(),
  ResponseDescription: z.string().optional(),
  OriginatorConversationID: z.string().nullish(),
  ConversationID: z.string().nullish(),
  TransactionID: z.string().nullish(),
  TransactionStatus: z.string().optional(),
  ResultCode: code.pipe(z.string().regex(/^[A-Z0-9]{1,12}$/i)).optional(),
  ResultDesc: z.string().optional(),
});

const extractedSchema = z
  .looseObject({
    id: salamiIdSchema.optional(),
    transaction_id: z.string().regex(/^[A-Z0-9]{10}$/),
    // A number here, text elsewhere (payment-apps.md): both are read.
    amount: z
      .union([z.number().positive(), z.string().regex(/^\d+(\.\d{1,2})?$/)])
      .refine((value) => Number(value) > 0, 'must be positive'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    payer_name: z.string().nullish(),
    payer_account: z.string().nullish(),
    transaction_time: z.string().nullish(),
    status: z.string().min(1),
    transaction_type: z.string().optional(),
  })
  .transform(
    (wire): PaymentAppsExtractedTransaction => ({
      id: wire.id,
      receipt: wire.transaction_id,
      amount: fromDecimalString(
        typeof wire.amount === 'number' ? wire.amount.toFixed(2) : wire.amount,
        wire.currency ?? 'KES',
      ),
      payerName: wire.payer_name ?? undefined,
      payerAccount: wire.payer_account ?? undefined,
      transactionTime: wire.transaction_time ?? undefined,
      status: wire.status,
      type: wire.transaction_type,
    }),
  );

const simulatedSchema = z.looseObject({
  id: salamiIdSchema.optional(),
  // Daraja's C2B simulate answer spells it "OriginatorCoversationID"; read both.
  OriginatorCoversationID: z.string().optional(),
  OriginatorConversationID: z.string().optional(),
  ResponseCode: code,
  ResponseDescription: z.string().optional(),
});

function statusFrom(id: string, data: z.infer<typeof statusSchema>): PaymentAppsTransactionStatus {
  const reversed = data.TransactionStatus?.toLowerCase() === 'reversed';
  const mapped = mapPaymentRequestResult(data.ResultCode, data.ResultDesc);
  return {
    transactionId: id,
    status: reversed ? 'reversed' : mapped.status,
    reason: reversed ? undefined : mapped.reason,
    resultCode: data.ResultCode,
    resultDesc: data.ResultDesc,
    receipt: data.TransactionID ?? undefined,
    transactionStatus: data.TransactionStatus,
    conversationId: data.ConversationID ?? undefined,
    originatorConversationId: data.OriginatorConversationID ?? undefined,
  };
}

export function createTransactionsClient(config: PaymentAppsConfig): PaymentAppsTransactions {
  const app = (options: AppCallOptions) => appId(options.app) ?? config.paymentApp;

  return {
    async get(id, options = {}) {
      const ref = salamiId('id', id);
      const reply = await callTyped(config, {
        operation: 'transaction',
        method: 'GET',
        path: `/transaction/${ref}`,
        app: app(options),
        ref,
        signal: options.signal,
        data: transactionRecordSchema,
        expected: 'a transaction record',
        idempotent: true,
      });
      return reply.data;
    },
    list(options = {}) {
      const perPage = options.perPage ?? 100;
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
        throw new ValidationError(
          'invalid_field',
          'perPage must be a whole number from 1 to 100.',
          {
            details: { field: 'perPage' },
          },
        );
      }
      const target = app(options);
      return paginatedList(async (page) => {
        const reply = await callTyped(config, {
          operation: 'queryTransactions',
          method: 'GET',
          path: '/queryTransactions',
          app: target,
          query: { page, per_page: perPage },
          signal: options.signal,
          data: laravelPageSchema(transactionRecordSchema),
          expected: 'a page of transaction records',
          idempotent: true,
        });
        return pageFromLaravel(reply.data);
      });
    },
    async fetch(options = {}) {
      const reply = await callTyped(config, {
        operation: 'fetchTransactions',
        method: 'GET',
        path: '/fetchTransactions',
        app: app(options),
        signal: options.signal,
        data: z.array(transactionRecordSchema),
        expected: 'a list of transaction records',
        idempotent: true,
      });
      return reply.data;
    },
    async status(id, options = {}) {
      const ref = salamiId('id', id);
      const reply = await callTyped(config, {
        operation: 'getTransactionStatus',
        method: 'GET',
        path: `/getTransactionStatus/${ref}`,
        app: app(options),
        ref,
        signal: options.signal,
        data: statusSchema,
        expected: 'a readable ResultCode',
        idempotent: true,
      });
      if (reply.data.ResponseCode !== undefined && reply.data.ResponseCode !== '0') {
        throw wrapperFailure(
          'getTransactionStatus',
          reply.data.ResponseCode,
          reply.data.ResponseDescription,
          reply.raw,
        );
      }
      return statusFrom(ref, reply.data);
    },
    checkPaymentRequest(id, options = {}) {
      return checkPaymentRequestStatus(
        { ...config, paymentApp: app(options) },
        salamiId('id', id),
        options.signal === undefined ? {} : { signal: options.signal },
      );
    },
    async reverse(id, options = {}) {
      const ref = salamiId('id', id);
      const reply = await callTyped(config, {
        operation: 'reverseTransaction',
        method: 'POST',
        path: `/reverseTransaction/${ref}`,
        app: app(options),
        ref,
        signal: options.signal,
        data: commandAcceptedSchema,
        expected: 'a ConversationID',
        // The gateway refuses a second reversal, but a lost answer is still not ours to repeat.
        idempotent: false,
      });
      return commandAccepted('reverseTransaction', reply.data, reply.raw);
    },
    async extract(message, options = {}) {
      const reply = await callTyped(config, {
        operation: 'extractTransaction',
        method: 'POST',
        path: '/extractTransaction',
        app: app(options),
        json: { message: requiredText('message', message, SMS_MAX) },
        signal: options.signal,
        data: extractedSchema,
        expected: 'the extracted transaction',
        // The same SMS gives the same record: safe to send again.
        idempotent: true,
      });
      return reply.data;
    },
    async simulate(simulation, options = {}) {
      const json = {
        phone_number: msisdn('phone', simulation.phone),
        amount: wholeShillings('amount', simulation.amount, SIMULATE_LIMITS),
        reference: requiredText('reference', simulation.reference, 20),
      };
      const reply = await callTyped(config, {
        operation: 'simulateTransaction',
        method: 'POST',
        path: '/simulateTransaction',
        app: app(options),
        json,
        signal: options.signal,
        data: simulatedSchema,
        expected: 'a ResponseCode',
        idempotent: false,
      });
      if (reply.data.ResponseCode !== '0') {
        throw wrapperFailure(
          'simulateTransaction',
          reply.data.ResponseCode,
          reply.data.ResponseDescription,
          reply.raw,
        );
      }
      return {
        transactionId: reply.data.id,
        originatorConversationId:
          reply.data.OriginatorConversationID ?? reply.data.OriginatorCoversationID,
      };
    },
    async instructions(id, options = {}) {
      const ref = salamiId('id', id);
      const reply = await sendTyped(config, {
        operation: 'getInstructions',
        method: 'GET',
        path: `/getInstructions/${ref}`,
        app: app(options),
        ref,
        signal: options.signal,
        data: z.unknown(),
        expected: 'an HTML page',
        idempotent: true,
      });
      if (!/^\s*</.test(reply.raw)) {
        throw unexpectedAnswer('getInstructions', reply.httpStatus, 'an HTML page', reply.raw);
      }
      return reply.raw;
    },
  };
}
