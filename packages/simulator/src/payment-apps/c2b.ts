/**
 * Money coming in without a prompt: `simulateTransaction` (Daraja's sandbox C2B simulation: a
 * customer pays the app's paybill, the record completes and its webhook follows) and
 * `extractTransaction` (an M-Pesa confirmation SMS read into a completed record; the same SMS
 * twice gives the record it already made, never a second one).
 */
import { randomBytes } from 'node:crypto';
import { maskMsisdn } from '@lipwa/core';
import type { SimulatorKit } from '../kit.js';
import { magicOutcome } from '../outcomes.js';
import { GatewayHttpError } from './gateway-error.js';
import { laravelTime } from './laravel-time.js';
import type { Ledger, NewTransaction, SalamiTransaction } from './ledger.js';
import { readMpesaSms, type SmsTransaction } from './mpesa-sms.js';
import type { SimulateInput } from './operation-requests.js';
import { outcomeResults } from './outcome-codes.js';
import type { SimulatedPaymentApp } from './sandbox.js';

/** What a sandbox C2B payer is called in the records the simulator makes. */
export const SANDBOX_PAYER_NAME = 'JOHN DOE';

export interface SimulatedPayment {
  readonly id: number;
  /** Daraja's C2B simulate answer, spelling mistake included. */
  readonly OriginatorCoversationID: string;
  readonly ResponseCode: '0';
  readonly ResponseDescription: string;
}

export interface ExtractedTransaction {
  readonly id: number;
  readonly transaction_id: string;
  /** A number here, unlike the text elsewhere (payment-apps.md). */
  readonly amount: number;
  readonly payer_name: string | null;
  readonly payer_account: string | null;
  readonly payee_name: string | null;
  readonly payee_account: string | null;
  readonly reference: string | null;
  readonly transaction_time: string;
  readonly transaction_type: 'PAYMENT_IN' | 'PAYMENT_OUT';
  readonly status: string;
}

export interface IncomingMoney {
  simulate(app: SimulatedPaymentApp, input: SimulateInput): SimulatedPayment;
  /** The record and whether it was made just now (false: the same SMS was read before). */
  extract(
    app: SimulatedPaymentApp,
    message: string,
  ): { record: ExtractedTransaction; created: boolean };
}

/** Who is on which side of an SMS, seen from the line's owner (the app). */
function sidesOf(app: SimulatedPaymentApp, sms: SmsTransaction) {
  const owner = { account: app.shortcode, name: app.payeeName };
  const other = { account: sms.counterparty.account ?? '', name: sms.counterparty.name };
  const incoming = sms.kind === 'received' || sms.kind === 'reversal';
  return incoming
    ? { type: 'PAYMENT_IN' as const, payer: other, payee: owner }
    : { type: 'PAYMENT_OUT' as const, payer: owner, payee: other };
}

const subTypes: Readonly<Record<SmsTransaction['kind'], string>> = {
  received: 'CustomerTransfer',
  sent: 'CustomerTransfer',
  paybill: 'PayBill',
  till: 'BuyGoods',
  airtime: 'Airtime',
  reversal: 'TransactionReversal',
};

function extractedView(transaction: SalamiTransaction): ExtractedTransaction {
  return {
    id: transaction.id,
    transaction_id: transaction.receipt ?? '',
    amount: transaction.amount,
    payer_name: transaction.payer.name,
    payer_account: transaction.payer.account || null,
    payee_name: transaction.payee.name,
    payee_account: transaction.payee.account || null,
    reference: transaction.reference,
    transaction_time: laravelTime(transaction.transactionTime ?? transaction.createdAt),
    transaction_type: transaction.type,
    status: transaction.status,
  };
}

export function createIncomingMoney(kit: SimulatorKit, ledger: Ledger): IncomingMoney {
  return {
    simulate(app, input) {
      if (app.isLive) {
        throw new GatewayHttpError(
          500,
          'Simulation failed: the payment app is not in sandbox mode.',
        );
      }
      if (app.type !== 'MpesaKeC2B') {
        throw new GatewayHttpError(
          500,
          `Simulation failed: the ${app.type} driver takes no C2B payments.`,
        );
      }
      const transaction = ledger.add({
        app,
        type: 'PAYMENT_IN',
        subType: 'CustomerPayBillOnline',
        payer: { account: input.phone, name: SANDBOX_PAYER_NAME },
        payee: { account: app.shortcode, name: app.payeeName },
        amount: input.amount,
        currency: 'KES',
        reference: input.reference,
        narration: null,
      });
      const magic = magicOutcome(input.phone);
      const copies = magic?.kind === 'settle' ? magic.callbacks : 1;
      kit.scheduler.schedule(kit.config.autoResolveDelayMs, () => {
        void ledger.settle(transaction, outcomeResults.paid, copies);
      });
      kit.log(
        `payment-apps C2B simulation ${transaction.id}: KES ${input.amount} from ${maskMsisdn(input.phone)} to ${app.shortcode}`,
      );
      return {
        id: transaction.id,
        OriginatorCoversationID: `${randomBytes(3).readUIntBE(0, 3) % 100_000}-${randomBytes(4).readUInt32BE() % 100_000_000}-1`,
        ResponseCode: '0',
        ResponseDescription: 'Accept the service request successfully.',
      };
    },
    extract(app, message) {
      const reading = readMpesaSms(message);
      if (!reading.ok) {
        throw new GatewayHttpError(422, reading.reason, { message: [reading.reason] });
      }
      const sms = reading.transaction;
      const known = ledger.byReceipt(app, sms.transactionId);
      if (known) return { record: extractedView(known), created: false };
      const fields: NewTransaction = {
        app,
        ...sidesOf(app, sms),
        subType: subTypes[sms.kind],
        amount: sms.amount,
        currency: 'KES',
        reference: sms.accountNumber ?? sms.reversedTransactionId ?? null,
        narration: null,
        status: 'STATUS_COMPLETED',
        result: outcomeResults.paid,
        receipt: sms.transactionId,
        transactionTime: sms.time,
      };
      const transaction = ledger.add(fields);
      kit.log(
        `payment-apps SMS ${sms.transactionId} (${sms.kind}) recorded as transaction ${transaction.id}`,
      );
      return { record: extractedView(transaction), created: true };
    },
  };
}
