/**
 * The gateway's transaction operations on a payment app: `get` (transaction/{id}), `list`
 * (queryTransactions, Laravel-paginated, walked as an async iterator), `fetch`
 * (fetchTransactions), `status` (getTransactionStatus), `checkPaymentRequest`
 * (checkPaymentRequestStatus), `reverse` (reverseTransaction), `extract` (extractTransaction,
 * from an M-Pesa SMS), `simulate` (simulateTransaction, sandbox C2B) and `instructions`
 * (getInstructions, HTML). Each defaults to the configured `paymentApp`; `{ app }` names another.
 * The public types are in `transactions-types.ts` (re-exported here), the answer schemas in
 * `transactions-wire.ts`.
 */
import { ValidationError } from '@lipwa/core';
import { z } from 'zod';
import { paginatedList } from '../common/paginated-list.js';
import { commandAccepted, commandAcceptedSchema } from './command-accepted.js';
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
import { transactionRecordSchema } from './transaction-record.js';
import type { PaymentAppsTransactions } from './transactions-types.js';
import { extractedSchema, simulatedSchema, statusFrom, statusSchema } from './transactions-wire.js';

export type {
  PaymentAppsExtractedTransaction,
  PaymentAppsSimulated,
  PaymentAppsSimulation,
  PaymentAppsTransactionStatus,
  PaymentAppsTransactions,
  TransactionListOptions,
} from './transactions-types.js';

/** Longest SMS text sent for extraction (a few concatenated SMS). */
export const SMS_MAX = 1_000;

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
