/**
 * CashPay's charges, independent of HTTP: created INITIATED, settled once as CAPTURED or FAILED
 * by the hosted payment page or the control API, each settlement sending the webhook (the charge
 * object, unsigned) to the charge's `post_url`. A charge never expires: the docs do not say it does.
 */
import { randomBytes } from 'node:crypto';
import { LipwaError } from '@lipwa/core';
import type { SimulatorKit } from '../kit.js';
import type { Outcome } from '../outcomes.js';
import type { ChargeRequest } from './charge-request.js';
import { CASHPAY_SANDBOX_MERCHANT } from './sandbox.js';

export type CashpayChargeStatus = 'INITIATED' | 'CAPTURED' | 'FAILED';

/** The charge object exactly as the getting-started guide documents it. */
export interface CashpayChargeObject {
  readonly id: string;
  readonly status: CashpayChargeStatus;
  readonly amount: number;
  readonly currency: string;
  readonly description: string | null;
  readonly transaction_url: string;
  /** Unix seconds. */
  readonly created: number;
}

export interface ChargeRecord {
  readonly id: string;
  readonly request: ChargeRequest;
  readonly transactionUrl: string;
  readonly created: number;
  status: CashpayChargeStatus;
}

/** A canonical outcome said in CashPay's statuses: CashPay has no failure reasons. */
export const cashpayStatusOf: Readonly<Record<Outcome, 'CAPTURED' | 'FAILED'>> = {
  paid: 'CAPTURED',
  insufficient_funds: 'FAILED',
  wrong_pin: 'FAILED',
  cancelled: 'FAILED',
  no_response: 'FAILED',
};

export interface ChargeBook {
  /** Creates an INITIATED charge whose hosted page is `${pageBase}/<id>`. */
  create(request: ChargeRequest, pageBase: string): ChargeRecord;
  get(id: string): ChargeRecord | undefined;
  /**
   * Settles an INITIATED charge from its hosted page and sends the webhook; resolves once the
   * immediate delivery ended. Throws `illegal_transition` when the charge is already settled.
   */
  settle(id: string, status: 'CAPTURED' | 'FAILED'): Promise<ChargeRecord>;
}

export function toChargeObject(record: ChargeRecord): CashpayChargeObject {
  return {
    id: record.id,
    status: record.status,
    amount: record.request.amount,
    currency: record.request.currency,
    description: record.request.description,
    transaction_url: record.transactionUrl,
    created: record.created,
  };
}

/** `chg_` and ten lower-case letters and digits, like the documented `chg_a1b2c3d4e5`. */
function chargeId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `chg_${[...randomBytes(10)].map((byte) => alphabet[byte % alphabet.length]).join('')}`;
}

export function createChargeBook(kit: SimulatorKit): ChargeBook {
  const charges = new Map<string, ChargeRecord>();

  function finish(
    record: ChargeRecord,
    status: 'CAPTURED' | 'FAILED',
    copies: number,
  ): Promise<ChargeRecord> {
    record.status = status;
    kit.log(`cashpay ${record.id} ${record.request.currency} ${record.request.amount}: ${status}`);
    const { postUrl } = record.request;
    if (postUrl === undefined) return Promise.resolve(record);
    const delivery = kit.deliver(
      { provider: 'cashpay', requestId: record.id, url: postUrl, body: toChargeObject(record) },
      copies,
    );
    return kit.track(delivery.then(() => record));
  }

  return {
    create(request, pageBase) {
      let id = chargeId();
      while (charges.has(id)) id = chargeId();
      const record: ChargeRecord = {
        id,
        request,
        transactionUrl: `${pageBase}/${id}`,
        created: Math.floor(kit.now() / 1000),
        status: 'INITIATED',
      };
      charges.set(id, record);
      // Registered with the phone book only so `control.answer(id, outcome)` settles it: hidden
      // from the virtual phone, never settled by a magic number or a timeout (there is no phone).
      kit.phones.open({
        id,
        provider: 'cashpay',
        phone: '',
        amount: String(request.amount),
        currency: request.currency,
        payee: CASHPAY_SANDBOX_MERCHANT,
        reference: request.reference ?? id,
        hidden: true,
        settle: (outcome, copies) => finish(record, cashpayStatusOf[outcome], copies),
      });
      return record;
    },
    get: (id) => charges.get(id),
    settle(id, status) {
      const record = charges.get(id);
      if (!record) {
        return Promise.reject(new LipwaError('not_found', `No CashPay charge has id "${id}".`));
      }
      if (record.status !== 'INITIATED') {
        return Promise.reject(
          new LipwaError('illegal_transition', `Charge "${id}" is already ${record.status}.`),
        );
      }
      kit.phones.close(id);
      return finish(record, status, 1);
    },
  };
}
