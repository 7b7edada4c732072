/**
 * Daraja's state and rules, independent of HTTP: OAuth tokens, STK requests, settling them (by
 * the virtual phone, a magic number, a timeout or `control.resolve`) in Daraja's result codes, and
 * their callbacks. The Express routes drive it; prompts, faults and callbacks live in the shared kit.
 * About 300 lines because it is one closure over the tokens, transactions and ledger that every
 * STK rule reads and changes; split, each part would need that state passed around.
 */
import { LipwaError, maskMsisdn, ValidationError } from '@lipwa/core';
import type { Fault, FaultOperation } from '../faults.js';
import type { SimulatorKit } from '../kit.js';
import { magicOutcome, type Outcome } from '../outcomes.js';
import { DarajaHttpError } from './daraja-error.js';
import { darajaTimestamp } from './daraja-time.js';
import { checkoutRequestId, merchantRequestId } from './ids.js';
import { createLedger, type DarajaLedger } from './ledger.js';
import { secretsEqual, stkPassword } from './password.js';
import { receiptNumber } from './receipt-number.js';
import {
  documentedResultCode,
  documentedResultCodes,
  PUSH_FAILED,
  resultDescription,
  STILL_PROCESSING,
} from './result-codes.js';
import { darajaSandbox } from './sandbox.js';
import { stkCallbackBody } from './stk-callback.js';
import {
  PROMPTABLE_ACCOUNT_REFERENCE_MAX,
  type StkCredentials,
  type StkPushRequest,
  type StkQueryRequest,
} from './stk-request.js';
import { createTokenStore } from './token-store.js';

/** How a Daraja prompt ended. */
export interface Settlement {
  readonly checkoutRequestId: string;
  readonly merchantRequestId: string;
  /** The code as text (`"0"`, `"1032"`, `"SFC_IC0003"`). */
  readonly resultCode: string;
  readonly resultDesc: string;
  readonly receipt?: string;
}

interface Transaction {
  readonly request: StkPushRequest;
  readonly checkoutRequestId: string;
  readonly merchantRequestId: string;
  settlement?: Settlement;
}

/** Where an STK request stands, as the query sees it. */
export type StkQueryAnswer =
  | { readonly settled: true; readonly settlement: Settlement }
  | {
      readonly settled: false;
      readonly checkoutRequestId: string;
      readonly merchantRequestId: string;
    };

export interface DarajaEngine {
  readonly config: SimulatorKit['config'];
  /** Completed transactions and the shortcode's accounts, shared with the org operations. */
  readonly ledger: DarajaLedger;
  /**
   * Settles a pending STK request with any documented ResultCode (a number or text) and delivers
   * its callback; 4999 sends a "still processing" callback and leaves the prompt open.
   */
  resolve(checkoutRequestId: string, outcome: { resultCode: number | string }): Promise<Settlement>;
  /** Forgets every STK request and its timers (issued tokens stay valid). */
  reset(): void;
  /** Uses up one Daraja fault for `operation`, if one is queued. */
  takeFault(operation: FaultOperation): Fault | undefined;
  /** Resolves after `ms` of simulated time. */
  wait(ms: number): Promise<void>;
  checkClient(consumerKey: string, consumerSecret: string): boolean;
  issueToken(): { accessToken: string; expiresIn: number };
  tokenIsValid(token: string): boolean;
  stkPush(request: StkPushRequest): {
    merchantRequestId: string;
    checkoutRequestId: string;
  };
  stkQuery(request: StkQueryRequest): StkQueryAnswer;
}

const merchants: ReadonlyMap<string, string> = new Map([
  [darajaSandbox.shortcode, darajaSandbox.passkey],
]);

/** A canonical outcome in Daraja's ResultCodes (as text). */
export const darajaResultCodeOf: Readonly<Record<Outcome, string>> = {
  paid: '0',
  insufficient_funds: '1',
  wrong_pin: '2001',
  cancelled: '1032',
  no_response: '1037',
};

const BUSY_MESSAGE =
  'Unable to lock subscriber, a transaction is already in process for the current subscriber';

export function createDarajaEngine(kit: SimulatorKit): DarajaEngine {
  const { config, scheduler } = kit;
  const tokens = createTokenStore(config.tokenLifetimeSeconds);
  const transactions = new Map<string, Transaction>();
  const ledger = createLedger();
  // Timers of requests that never reached a phone (they settle on their own); cleared by reset.
  const silentTimers = new Set<() => void>();

  function verifyCredentials(credentials: StkCredentials): void {
    const passkey = merchants.get(credentials.shortcode);
    if (passkey === undefined) {
      throw new DarajaHttpError(500, '500.001.1001', 'Merchant does not exist');
    }
    const expected = stkPassword(credentials.shortcode, passkey, credentials.timestamp);
    if (!secretsEqual(expected, credentials.password)) {
      throw new DarajaHttpError(500, '500.001.1001', 'Wrong credentials');
    }
  }

  function deliver(transaction: Transaction, settlement: Settlement, copies: number) {
    // Daraja posts its callbacks with this exact content type, charset included.
    const { request } = transaction;
    const body = stkCallbackBody({
      merchantRequestId: settlement.merchantRequestId,
      checkoutRequestId: settlement.checkoutRequestId,
      resultCode: settlement.resultCode,
      resultDesc: settlement.resultDesc,
      ...(settlement.receipt === undefined
        ? {}
        : {
            success: {
              amount: request.amount,
              receipt: settlement.receipt,
              transactionDate: darajaTimestamp(scheduler.now()),
              phone: request.phone,
            },
          }),
    });
    return kit.deliver(
      {
        provider: 'daraja',
        requestId: transaction.checkoutRequestId,
        url: request.callbackUrl,
        body,
        headers: { 'content-type': 'application/json;charset=UTF-8' },
      },
      copies,
    );
  }

  function settlementOf(transaction: Transaction, resultCode: string): Settlement {
    return {
      checkoutRequestId: transaction.checkoutRequestId,
      merchantRequestId: transaction.merchantRequestId,
      resultCode,
      resultDesc: resultDescription(resultCode),
      ...(resultCode === '0' ? { receipt: receiptNumber(scheduler.now()) } : {}),
    };
  }

  function settle(
    transaction: Transaction,
    resultCode: string,
    copies: number,
  ): Promise<Settlement> {
    const settlement = settlementOf(transaction, resultCode);
    transaction.settlement = settlement;
    if (settlement.receipt !== undefined) {
      const { request } = transaction;
      ledger.record({
        receipt: settlement.receipt,
        kind: 'stk',
        shortcode: request.shortcode,
        amount: request.amount,
        phone: request.phone,
        at: scheduler.now(),
      });
      ledger.credit(request.shortcode, request.amount);
    }
    config.log(
      `stk ${transaction.checkoutRequestId} ${maskMsisdn(transaction.request.phone)} settled ${resultCode} (${settlement.resultDesc})`,
    );
    return kit.track(deliver(transaction, settlement, copies).then(() => settlement));
  }

  function uniqueCheckoutId(phone: string): string {
    for (let bump = 0; ; bump++) {
      const id = checkoutRequestId(scheduler.now() + bump, phone);
      if (!transactions.has(id)) return id;
    }
  }

  function resolve(id: string, outcome: { resultCode: number | string }): Promise<Settlement> {
    const resultCode = documentedResultCode(outcome.resultCode);
    if (resultCode === undefined) {
      return Promise.reject(
        new ValidationError(
          'invalid_field',
          `resultCode ${JSON.stringify(outcome.resultCode)} is not a documented Daraja ResultCode; use one of ${documentedResultCodes.join(', ')}.`,
          { details: { field: 'resultCode' } },
        ),
      );
    }
    const transaction = transactions.get(id);
    if (!transaction) {
      return Promise.reject(
        new LipwaError('not_found', `No STK request has CheckoutRequestID "${id}".`),
      );
    }
    if (transaction.settlement) {
      return Promise.reject(
        new LipwaError(
          'illegal_transition',
          `STK request "${id}" already settled with ResultCode ${transaction.settlement.resultCode}.`,
        ),
      );
    }
    if (resultCode === STILL_PROCESSING) {
      // Not an answer: the customer may still pay, so the prompt stays and nothing is recorded.
      const notice = settlementOf(transaction, resultCode);
      return kit.track(deliver(transaction, notice, 1).then(() => notice));
    }
    kit.phones.close(id);
    return settle(transaction, resultCode, 1);
  }

  return {
    config,
    ledger,
    resolve,
    reset() {
      for (const cancel of silentTimers) cancel();
      silentTimers.clear();
      transactions.clear();
      ledger.reset();
    },
    takeFault: (operation) => kit.takeFault(operation, 'daraja'),
    wait: (ms) => kit.wait(ms),
    checkClient: (key, secret) =>
      // Both compared, always, so timing does not reveal which one was wrong.
      [
        secretsEqual(key, darajaSandbox.consumerKey),
        secretsEqual(secret, darajaSandbox.consumerSecret),
      ].every(Boolean),
    issueToken() {
      const { accessToken, expiresAt } = tokens.issue(scheduler.now());
      return { accessToken, expiresIn: Math.round((expiresAt - scheduler.now()) / 1000) - 1 };
    },
    tokenIsValid: (token) => tokens.isValid(token, scheduler.now()),
    stkPush(request) {
      verifyCredentials(request);
      if (magicOutcome(request.phone)?.kind === 'refuse') {
        config.log(`stk refused for ${maskMsisdn(request.phone)}: ${BUSY_MESSAGE}`);
        throw new DarajaHttpError(500, '500.001.1001', BUSY_MESSAGE);
      }
      const transaction: Transaction = {
        request,
        checkoutRequestId: uniqueCheckoutId(request.phone),
        merchantRequestId: merchantRequestId(),
      };
      transactions.set(transaction.checkoutRequestId, transaction);
      if (request.accountReference.length > PROMPTABLE_ACCOUNT_REFERENCE_MAX) {
        // Daraja's trap (daraja.md): accepted, but the prompt never reaches the phone. Assumed:
        // the request fails with 1025 when the prompt would have timed out.
        config.log(
          `stk ${transaction.checkoutRequestId} ${maskMsisdn(request.phone)}: AccountReference longer than ${PROMPTABLE_ACCOUNT_REFERENCE_MAX} characters, no prompt sent`,
        );
        const cancel = scheduler.schedule(config.promptTimeoutMs, () => {
          silentTimers.delete(cancel);
          void settle(transaction, PUSH_FAILED, 1);
        });
        silentTimers.add(cancel);
        return {
          merchantRequestId: transaction.merchantRequestId,
          checkoutRequestId: transaction.checkoutRequestId,
        };
      }
      kit.phones.open({
        id: transaction.checkoutRequestId,
        provider: 'daraja',
        phone: request.phone,
        amount: String(request.amount),
        currency: 'KES',
        payee: request.shortcode,
        reference: request.accountReference,
        settle: (outcome, copies) => settle(transaction, darajaResultCodeOf[outcome], copies),
      });
      return {
        merchantRequestId: transaction.merchantRequestId,
        checkoutRequestId: transaction.checkoutRequestId,
      };
    },
    stkQuery(request) {
      verifyCredentials(request);
      const transaction = transactions.get(request.checkoutRequestId);
      if (!transaction || transaction.request.shortcode !== request.shortcode) {
        throw new DarajaHttpError(400, '400.002.02', 'Bad Request - Invalid CheckoutRequestID');
      }
      return transaction.settlement
        ? { settled: true, settlement: transaction.settlement }
        : {
            settled: false,
            checkoutRequestId: transaction.checkoutRequestId,
            merchantRequestId: transaction.merchantRequestId,
          };
    },
  };
}
