/**
 * Daraja C2B: the URLs a shortcode registered, and a customer paying the paybill or till from the
 * M-Pesa menu (the sandbox's simulate call, and anything else that plays the customer). Daraja
 * asks the validation URL first and reads its answer (`ResultCode` 0 accepts, `C2B00011`-
 * `C2B00016` refuse); without a usable answer in about 8 s the registered `ResponseType` decides.
 * An accepted payment is booked and its confirmation POSTed.
 *
 * Assumed where Daraja is silent: validation is always asked when a validation URL is registered
 * (external validation on); re-registering replaces the URLs (as the sandbox allows); a payment
 * to a shortcode with no URLs is taken and reported nowhere; magic numbers that do not pay
 * (insufficient funds, cancelled, …) never reach the business, so nothing is sent.
 */
import { maskMsisdn } from '@lipwa/core';
import type { SimulatorKit } from '../kit.js';
import { magicOutcome } from '../outcomes.js';
import { DarajaHttpError } from './daraja-error.js';
import { darajaTimestamp } from './daraja-time.js';
import { c2bOriginatorId } from './ids.js';
import type { DarajaLedger } from './ledger.js';
import { CUSTOMER_NAME } from './org-engine.js';
import type { RegisterUrlRequest, SimulateRequest } from './org-requests.js';
import { receiptNumber } from './receipt-number.js';
import { darajaSandbox } from './sandbox.js';

/** daraja.md: the validation URL has about 8 s to answer. */
export const VALIDATION_TIMEOUT_MS = 8_000;

export type C2bVerdict = 'accepted' | 'rejected' | 'not-sent';

export interface C2bPayment {
  readonly shortcode: string;
  /** The payer, `2547…`. */
  readonly phone: string;
  /** Whole shillings. */
  readonly amount: number;
  /** The account number typed (empty for a till). */
  readonly billRefNumber: string;
  readonly till: boolean;
}

export interface DarajaC2bEngine {
  register(request: RegisterUrlRequest): { originatorConversationId: string };
  /** The sandbox's simulate: the payment starts after the auto-resolve delay. */
  simulate(request: SimulateRequest): { originatorConversationId: string };
  /** A customer pays now; resolves with what became of it once the confirmation went out. */
  pay(payment: C2bPayment): Promise<C2bVerdict>;
  reset(): void;
}

interface Registration {
  readonly responseType: 'Completed' | 'Cancelled';
  readonly confirmationUrl: string;
  readonly validationUrl: string;
}

/** `254708374149` -> `254708***149`, how Daraja masks the payer in C2B bodies. */
function darajaMask(phone: string): string {
  return `${phone.slice(0, 6)}***${phone.slice(-3)}`;
}

/** Reads the merchant's validation answer: accepted, refused with a code, or no usable answer. */
async function askValidation(url: string, body: unknown): Promise<'accept' | 'reject' | 'none'> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(VALIDATION_TIMEOUT_MS),
    });
    if (!response.ok) return 'none';
    const answer = (await response.json()) as { ResultCode?: unknown };
    const code = String(answer?.ResultCode ?? '');
    if (code === '0') return 'accept';
    return /^C2B0001[1-6]$/.test(code) ? 'reject' : 'none';
  } catch {
    return 'none';
  }
}

export function createDarajaC2bEngine(kit: SimulatorKit, ledger: DarajaLedger): DarajaC2bEngine {
  const registrations = new Map<string, Registration>();
  const timers = new Set<() => void>();

  function checkMerchant(shortcode: string): void {
    if (shortcode !== darajaSandbox.shortcode) {
      throw new DarajaHttpError(500, '500.001.1001', 'Merchant does not exist');
    }
  }

  async function pay(payment: C2bPayment): Promise<C2bVerdict> {
    const who = maskMsisdn(payment.phone);
    const magic = magicOutcome(payment.phone);
    if (magic?.kind === 'refuse' || (magic?.kind === 'settle' && magic.outcome !== 'paid')) {
      kit.log(`c2b from ${who} to ${payment.shortcode} failed on the phone: nothing sent`);
      return 'not-sent';
    }
    const registration = registrations.get(payment.shortcode);
    if (!registration) {
      kit.log(`c2b from ${who} to ${payment.shortcode}: no URLs registered, nothing sent`);
      return 'not-sent';
    }
    const receipt = receiptNumber(kit.now());
    const body = {
      TransactionType: payment.till ? 'Buy Goods' : 'Pay Bill',
      TransID: receipt,
      TransTime: darajaTimestamp(kit.now()),
      TransAmount: payment.amount.toFixed(2),
      BusinessShortCode: payment.shortcode,
      BillRefNumber: payment.billRefNumber,
      InvoiceNumber: '',
      OrgAccountBalance: '',
      ThirdPartyTransID: '',
      MSISDN: darajaMask(payment.phone),
      FirstName: CUSTOMER_NAME.split(' ')[0] ?? '',
      MiddleName: '',
      LastName: CUSTOMER_NAME.split(' ')[1] ?? '',
    };
    const answer = await askValidation(registration.validationUrl, body);
    const taken =
      answer === 'accept' || (answer === 'none' && registration.responseType === 'Completed');
    kit.log(
      `c2b ${receipt} from ${who}: validation ${answer}, ${taken ? 'completed' : 'cancelled'}`,
    );
    if (!taken) return 'rejected';
    ledger.credit(payment.shortcode, payment.amount);
    ledger.record({
      receipt,
      kind: 'c2b',
      shortcode: payment.shortcode,
      amount: payment.amount,
      phone: payment.phone,
      at: kit.now(),
    });
    const utility = ledger.accounts(payment.shortcode).find((a) => a.name === 'Utility Account');
    const confirmation = {
      ...body,
      OrgAccountBalance: ((utility?.cents ?? 0) / 100).toFixed(2),
    };
    const copies = magic?.kind === 'settle' ? magic.callbacks : 1;
    await kit.deliver(
      {
        provider: 'daraja',
        requestId: receipt,
        url: registration.confirmationUrl,
        body: confirmation,
        headers: { 'content-type': 'application/json;charset=UTF-8' },
      },
      copies,
    );
    return 'accepted';
  }

  return {
    register(request) {
      checkMerchant(request.shortcode);
      registrations.set(request.shortcode, {
        responseType: request.responseType,
        confirmationUrl: request.confirmationUrl,
        validationUrl: request.validationUrl,
      });
      kit.log(`c2b URLs registered for ${request.shortcode} (${request.responseType})`);
      return { originatorConversationId: c2bOriginatorId() };
    },
    simulate(request) {
      checkMerchant(request.shortcode);
      const cancel = kit.scheduler.schedule(kit.config.autoResolveDelayMs, () => {
        timers.delete(cancel);
        void kit.track(
          pay({
            shortcode: request.shortcode,
            phone: request.msisdn,
            amount: request.amount,
            billRefNumber: request.billRefNumber,
            till: request.commandId === 'CustomerBuyGoodsOnline',
          }),
        );
      });
      timers.add(cancel);
      return { originatorConversationId: c2bOriginatorId() };
    },
    pay: (payment) => kit.track(pay(payment)),
    reset() {
      for (const cancel of timers) cancel();
      timers.clear();
      registrations.clear();
    },
  };
}
