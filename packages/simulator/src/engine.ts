/**
 * The simulator's state and rules, independent of HTTP: tokens, STK requests and their prompts,
 * settling them, callbacks and faults. The Express routes and the in-process `control` both
 * drive this one object.
 */
import { LipwaError, maskMsisdn, ValidationError } from '@lipwa/core';
import { type CallbackDelivery, createCallbackSender } from './callback-sender.js';
import { DarajaHttpError } from './daraja-error.js';
import { darajaTimestamp } from './daraja-time.js';
import { createFaultBook, type Fault, type FaultOperation, type FaultSpec } from './faults.js';
import { checkoutRequestId, merchantRequestId } from './ids.js';
import { type MagicBehaviour, magicBehaviour } from './magic-numbers.js';
import type { SimulatorConfig } from './options.js';
import { secretsEqual, stkPassword } from './password.js';
import { receiptNumber } from './receipt-number.js';
import { isDocumentedResultCode, resultDescription } from './result-codes.js';
import { darajaSandbox } from './sandbox.js';
import { createScheduler } from './scheduler.js';
import { stkCallbackBody } from './stk-callback.js';
import type { StkCredentials, StkPushRequest, StkQueryRequest } from './stk-request.js';
import { createTokenStore } from './token-store.js';

/** A pending STK prompt, as the virtual phone and `GET /_control/prompts` show it. */
export interface Prompt {
  readonly checkoutRequestId: string;
  readonly merchantRequestId: string;
  readonly phone: string;
  /** Whole shillings. */
  readonly amount: number;
  readonly accountReference: string;
  readonly transactionDesc: string;
  readonly shortcode: string;
  /** ISO times on the simulator's clock. */
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** How a prompt ended. */
export interface Settlement {
  readonly checkoutRequestId: string;
  readonly merchantRequestId: string;
  readonly resultCode: number;
  readonly resultDesc: string;
  readonly receipt?: string;
}

/** Test and fault-injection controls; `/_control` mirrors them over HTTP. */
export interface SimulatorControl {
  /** Prompts still waiting for an answer, oldest first. */
  prompts(): Prompt[];
  /** Settles a prompt with any documented ResultCode and delivers its callback (unless a fault or magic number says otherwise). Resolves once immediate deliveries finished. */
  resolve(checkoutRequestId: string, outcome: { resultCode: number }): Promise<Settlement>;
  /** Queues a fault; throws `invalid_request` when the spec is malformed. */
  fault(spec: FaultSpec): Fault;
  /** Faults still queued. */
  faults(): Fault[];
  clearFaults(): void;
  /** Every callback delivery attempt so far, oldest first. */
  callbacks(): CallbackDelivery[];
  /** Forgets prompts, settled requests, faults and the callback log. Issued tokens stay valid. */
  reset(): void;
  /** Moves simulated time forward (auto-resolves, prompt timeouts, token expiry, delays) and waits for the callbacks it caused. */
  advance(ms: number): Promise<void>;
  /** Waits until no callback delivery is in flight. */
  idle(): Promise<void>;
}

interface Transaction {
  readonly request: StkPushRequest;
  readonly checkoutRequestId: string;
  readonly merchantRequestId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly behaviour: MagicBehaviour | undefined;
  cancelTimer: () => void;
  settlement?: Settlement;
}

export interface Engine {
  readonly control: SimulatorControl;
  /** Uses up one fault for `operation`, if one is queued. */
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
  stkQuery(request: StkQueryRequest): Settlement | undefined;
  close(): void;
}

const merchants: ReadonlyMap<string, string> = new Map([
  [darajaSandbox.shortcode, darajaSandbox.passkey],
]);

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function createEngine(config: SimulatorConfig): Engine {
  const scheduler = createScheduler(config.clock);
  const faults = createFaultBook();
  const tokens = createTokenStore(config.tokenLifetimeSeconds);
  const sender = createCallbackSender({
    now: scheduler.now,
    timeoutMs: config.callbackTimeoutMs,
    log: config.log,
  });
  const transactions = new Map<string, Transaction>();
  const delayedDeliveries = new Set<() => void>();
  const inflight = new Set<Promise<unknown>>();

  function track<T>(promise: Promise<T>): Promise<T> {
    inflight.add(promise);
    void promise.finally(() => inflight.delete(promise)).catch(() => undefined);
    return promise;
  }

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

  async function deliver(transaction: Transaction, settlement: Settlement): Promise<void> {
    let copies = transaction.behaviour?.kind === 'settle' ? transaction.behaviour.callbacks : 1;
    if (copies === 0) return;
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
    const fault = faults.take('callback');
    if (fault?.kind === 'drop') {
      sender.recordDropped(request.callbackUrl, transaction.checkoutRequestId, body);
      return;
    }
    if (fault?.kind === 'duplicate') copies += 1;
    const sendAll = async () => {
      for (let i = 0; i < copies; i++) {
        await sender.send(request.callbackUrl, transaction.checkoutRequestId, body);
      }
    };
    if (fault?.kind === 'delay') {
      const cancel = scheduler.schedule(fault.delayMs, () => {
        delayedDeliveries.delete(cancel);
        void track(sendAll());
      });
      delayedDeliveries.add(cancel);
      return;
    }
    await sendAll();
  }

  function settle(transaction: Transaction, resultCode: number): Promise<Settlement> {
    transaction.cancelTimer();
    const settlement: Settlement = {
      checkoutRequestId: transaction.checkoutRequestId,
      merchantRequestId: transaction.merchantRequestId,
      resultCode,
      resultDesc: resultDescription(resultCode),
      ...(resultCode === 0 ? { receipt: receiptNumber(scheduler.now()) } : {}),
    };
    transaction.settlement = settlement;
    config.log(
      `stk ${transaction.checkoutRequestId} ${maskMsisdn(transaction.request.phone)} settled ${resultCode} (${settlement.resultDesc})`,
    );
    return track(deliver(transaction, settlement).then(() => settlement));
  }

  function uniqueCheckoutId(phone: string): string {
    for (let bump = 0; ; bump++) {
      const id = checkoutRequestId(scheduler.now() + bump, phone);
      if (!transactions.has(id)) return id;
    }
  }

  const control: SimulatorControl = {
    prompts() {
      return [...transactions.values()]
        .filter((transaction) => transaction.settlement === undefined)
        .map((transaction) => ({
          checkoutRequestId: transaction.checkoutRequestId,
          merchantRequestId: transaction.merchantRequestId,
          phone: transaction.request.phone,
          amount: transaction.request.amount,
          accountReference: transaction.request.accountReference,
          transactionDesc: transaction.request.transactionDesc,
          shortcode: transaction.request.shortcode,
          createdAt: iso(transaction.createdAt),
          expiresAt: iso(transaction.expiresAt),
        }));
    },
    resolve(id, outcome) {
      if (!Number.isInteger(outcome.resultCode) || !isDocumentedResultCode(outcome.resultCode)) {
        return Promise.reject(
          new ValidationError(
            'invalid_field',
            `resultCode ${outcome.resultCode} is not a documented Daraja ResultCode; use 0, 1, 1032, 1037, 2001 or another code listed in the README.`,
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
      return settle(transaction, outcome.resultCode);
    },
    fault(spec) {
      const fault = faults.add(spec);
      config.log(`fault queued: ${fault.operation} ${fault.kind} x${fault.remaining}`);
      return fault;
    },
    faults: () => faults.list(),
    clearFaults: () => faults.clear(),
    callbacks: () => sender.log(),
    reset() {
      for (const transaction of transactions.values()) transaction.cancelTimer();
      transactions.clear();
      for (const cancel of delayedDeliveries) cancel();
      delayedDeliveries.clear();
      faults.clear();
      sender.clear();
    },
    async advance(ms) {
      scheduler.advance(ms);
      await control.idle();
    },
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };

  return {
    control,
    takeFault: (operation) => faults.take(operation),
    wait: (ms) => new Promise((resolve) => scheduler.schedule(ms, resolve)),
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
      const behaviour = magicBehaviour(request.phone);
      if (behaviour?.kind === 'refuse') {
        config.log(`stk refused for ${maskMsisdn(request.phone)}: ${behaviour.errorMessage}`);
        throw new DarajaHttpError(behaviour.status, behaviour.errorCode, behaviour.errorMessage);
      }
      const createdAt = scheduler.now();
      const transaction: Transaction = {
        request,
        checkoutRequestId: uniqueCheckoutId(request.phone),
        merchantRequestId: merchantRequestId(),
        createdAt,
        expiresAt: createdAt + config.promptTimeoutMs,
        behaviour,
        cancelTimer: () => {},
      };
      transactions.set(transaction.checkoutRequestId, transaction);
      transaction.cancelTimer =
        behaviour?.kind === 'settle'
          ? scheduler.schedule(config.autoResolveDelayMs, () => {
              void settle(transaction, behaviour.resultCode);
            })
          : scheduler.schedule(config.promptTimeoutMs, () => {
              void settle(transaction, 1037);
            });
      config.log(
        `stk ${transaction.checkoutRequestId} KES ${request.amount} to ${request.shortcode} from ${maskMsisdn(request.phone)}: prompt sent`,
      );
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
      return transaction.settlement;
    },
    close() {
      scheduler.cancelAll();
      delayedDeliveries.clear();
      sender.abortAll();
    },
  };
}
