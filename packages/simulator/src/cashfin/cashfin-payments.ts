/**
 * The simulated Cashfin account's mobile payments: a request opens a prompt on the shared
 * virtual phone (magic numbers settle by themselves); settling it records Cashfin's status and
 * M-Pesa result, then posts a signed webhook to the dashboard-registered URL. Cashfin has no
 * status endpoint, so nothing else reads these records but the log and the tests.
 */
import { randomBytes } from 'node:crypto';
import { maskMsisdn } from '@lipwa/core';
import { checkoutRequestId, merchantRequestId } from '../daraja/ids.js';
import { receiptNumber } from '../daraja/receipt-number.js';
import type { SimulatorKit } from '../kit.js';
import { magicOutcome, type Outcome } from '../outcomes.js';
import { subscriberBusy } from './cashfin-error.js';
import type { MobilePaymentRequest } from './payment-request.js';
import { CASHFIN_BUSINESS_NAME, cashfinSandbox } from './sandbox.js';
import {
  type CashfinPaymentData,
  type CashfinWebhookEvent,
  cashfinResultOf,
  signedCashfinWebhook,
} from './webhook.js';

export interface AcceptedPayment {
  readonly checkoutrequestid: string;
  readonly merchantrequestid: string;
}

export interface CashfinPayments {
  /**
   * Accepts a request and opens its prompt; throws Cashfin's 409 for a busy subscriber.
   * `onSettled` hears the payment once it ends (an invoice or order it pays, say).
   */
  request(
    request: MobilePaymentRequest,
    onSettled?: (payment: CashfinPaymentData) => void,
  ): AcceptedPayment;
  /** The payment as Cashfin holds it, by checkout request id. */
  get(checkoutrequestid: string): CashfinPaymentData | undefined;
}

interface PaymentRecord {
  data: CashfinPaymentData;
  onSettled?: ((payment: CashfinPaymentData) => void) | undefined;
}

/** A MongoDB-style ObjectID: 24 hex characters. */
function objectId(): string {
  return randomBytes(12).toString('hex');
}

export function createCashfinPayments(kit: SimulatorKit): CashfinPayments {
  const payments = new Map<string, PaymentRecord>();

  function uniqueCheckoutId(phone: string): string {
    for (let bump = 0; ; bump++) {
      const id = checkoutRequestId(kit.now() + bump, phone);
      if (!payments.has(id)) return id;
    }
  }

  function webhookFor(record: PaymentRecord, outcome: Outcome): CashfinWebhookEvent {
    const result = cashfinResultOf[outcome];
    record.data = {
      ...record.data,
      status: result.status,
      resultcode: result.resultcode,
      resultdesc: result.resultdesc,
      ...(outcome === 'paid' ? { mpesareceiptnumber: receiptNumber(kit.now()) } : {}),
      updatedat: new Date(kit.now()).toISOString(),
    };
    return { type: result.type, data: record.data };
  }

  function settle(record: PaymentRecord, outcome: Outcome, copies: 0 | 1 | 2): Promise<unknown> {
    const event = webhookFor(record, outcome);
    record.onSettled?.(record.data);
    const id = record.data.checkoutrequestid;
    kit.log(
      `cashfin ${id} ${maskMsisdn(record.data.phone)} ${event.data.status} (${cashfinResultOf[outcome].resultcode})`,
    );
    const url = kit.webhookUrl('cashfin');
    if (url === undefined) {
      kit.log(`cashfin ${id}: ${event.type} not sent, no webhook URL is registered`);
      return Promise.resolve();
    }
    const { rawBody, headers } = signedCashfinWebhook(event, cashfinSandbox.webhookSecret);
    return kit.track(
      kit.deliver(
        { provider: 'cashfin', requestId: id, url, body: event, rawBody, headers },
        copies,
      ),
    );
  }

  return {
    request(request, onSettled) {
      if (magicOutcome(request.phone)?.kind === 'refuse') {
        kit.log(`cashfin request refused for ${maskMsisdn(request.phone)}: subscriber busy`);
        throw subscriberBusy();
      }
      const now = new Date(kit.now()).toISOString();
      const record: PaymentRecord = {
        onSettled,
        data: {
          _id: objectId(),
          checkoutrequestid: uniqueCheckoutId(request.phone),
          merchantrequestid: merchantRequestId(),
          referenceid: request.referenceid ?? null,
          amount: request.amount,
          currency: 'KES',
          phone: request.phone,
          channel: 'mpesa',
          status: 'pending',
          createdat: now,
          updatedat: now,
        },
      };
      payments.set(record.data.checkoutrequestid, record);
      kit.phones.open({
        id: record.data.checkoutrequestid,
        provider: 'cashfin',
        phone: request.phone,
        amount: String(request.amount),
        currency: 'KES',
        payee: CASHFIN_BUSINESS_NAME,
        reference: request.referenceid ?? '',
        settle: (outcome, copies) => settle(record, outcome, copies),
      });
      return {
        checkoutrequestid: record.data.checkoutrequestid,
        merchantrequestid: record.data.merchantrequestid,
      };
    },
    get(id) {
      return payments.get(id)?.data;
    },
  };
}
