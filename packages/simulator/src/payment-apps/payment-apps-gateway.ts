/**
 * The payment-apps gateway's state and rules, independent of HTTP: API tokens, apps and their
 * owners, rate limits, M-Pesa Express requests as transaction records with Salami ids, settling
 * them through the shared virtual phone, and the signed webhooks that follow.
 */
import { maskMsisdn } from '@lipwa/core';
import { checkoutRequestId, merchantRequestId } from '../daraja/ids.js';
import { receiptNumber } from '../daraja/receipt-number.js';
import type { SimulatorKit } from '../kit.js';
import { magicOutcome, type Outcome } from '../outcomes.js';
import { type ApiToken, createApiTokenStore, type NewToken, tokenCan } from './api-tokens.js';
import { GatewayHttpError } from './gateway-error.js';
import { outcomeResults, type RecordedResult, type SalamiStatus } from './outcome-codes.js';
import { createRateLimiter, type RateDecision } from './rate-limit.js';
import type { PaymentRequestInput } from './request-payment.js';
import { type SimulatedPaymentApp, simulatedApps } from './sandbox.js';
import { deliverWebhook } from './webhook.js';

/** One transaction record; `id` is its Salami id. */
export interface SalamiTransaction {
  readonly id: number;
  readonly app: SimulatedPaymentApp;
  readonly request: PaymentRequestInput;
  readonly checkoutRequestId: string;
  readonly merchantRequestId: string;
  readonly createdAt: number;
  status: SalamiStatus;
  result: RecordedResult | undefined;
  /** The M-Pesa receipt (the record's `transaction_id`), once paid. */
  receipt: string | undefined;
  updatedAt: number;
}

export interface PaymentAppsGateway {
  /** The live token in an `Authorization: Bearer …` header; throws 401. */
  authenticate(authorization: string | undefined): ApiToken;
  /** Counts one request for `token`; the decision carries the rate-limit headers. */
  throttle(token: ApiToken): RateDecision;
  /** Throws 403 unless the token has `ability`. */
  require(token: ApiToken, ability: string): void;
  /** The app named in the path, if the token's user owns it; 404 / 403 otherwise. */
  app(token: ApiToken, appId: string): SimulatedPaymentApp;
  apps(token: ApiToken): SimulatedPaymentApp[];
  /** Records a pending transaction and prompts the phone; 502 when the subscriber is busy. */
  requestPayment(app: SimulatedPaymentApp, request: PaymentRequestInput): SalamiTransaction;
  /** The app's transaction with that Salami id; 404 otherwise. */
  transaction(app: SimulatedPaymentApp, transactionId: string): SalamiTransaction;
  createToken(
    owner: ApiToken,
    input: Omit<NewToken, 'userId'>,
  ): { token: ApiToken; plainText: string };
  listTokens(owner: ApiToken): ApiToken[];
  revokeToken(owner: ApiToken, id: string): void;
}

const BUSY_MESSAGE =
  'Unable to lock subscriber, a transaction is already in process for the current subscriber';

export function createPaymentAppsGateway(kit: SimulatorKit): PaymentAppsGateway {
  const tokens = createApiTokenStore(kit.now());
  const limiter = createRateLimiter();
  const transactions = new Map<number, SalamiTransaction>();
  const checkoutIds = new Set<string>();
  let nextId = 1;

  function uniqueCheckoutId(phone: string): string {
    for (let bump = 0; ; bump++) {
      const id = checkoutRequestId(kit.now() + bump, phone);
      // Daraja's simulator mints ids the same way: never reuse one a prompt still holds.
      if (!checkoutIds.has(id) && kit.phones.get(id) === undefined) return id;
    }
  }

  function settle(transaction: SalamiTransaction, outcome: Outcome, copies: 0 | 1 | 2) {
    const result = outcomeResults[outcome];
    transaction.status = result.status;
    transaction.result = result;
    transaction.updatedAt = kit.now();
    if (result.status === 'STATUS_COMPLETED') transaction.receipt = receiptNumber(kit.now());
    kit.log(
      `payment-apps transaction ${transaction.id} ${maskMsisdn(transaction.request.phone)} settled ${result.status} (${result.resultCode})`,
    );
    return kit.track(deliverWebhook(kit, transaction, copies));
  }

  return {
    authenticate(authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      const token = match?.[1] ? tokens.authenticate(match[1], kit.now()) : undefined;
      if (!token) throw new GatewayHttpError(401, 'Unauthenticated.');
      return token;
    },
    throttle: (token) => limiter.hit(`token:${token.id}`, kit.now()),
    require(token, ability) {
      if (!tokenCan(token, ability)) throw new GatewayHttpError(403, 'Invalid ability provided.');
    },
    app(token, appId) {
      const app = /^\d{1,9}$/.test(appId)
        ? simulatedApps.find((candidate) => candidate.id === Number(appId))
        : undefined;
      if (!app) throw new GatewayHttpError(404, 'Payment App not found.');
      if (app.ownerId !== token.userId) {
        throw new GatewayHttpError(403, 'You do not own this Payment App');
      }
      return app;
    },
    apps: (token) => simulatedApps.filter((app) => app.ownerId === token.userId),
    requestPayment(app, request) {
      if (magicOutcome(request.phone)?.kind === 'refuse') {
        kit.log(`payment-apps request refused for ${maskMsisdn(request.phone)}: ${BUSY_MESSAGE}`);
        throw new GatewayHttpError(502, BUSY_MESSAGE);
      }
      const now = kit.now();
      const transaction: SalamiTransaction = {
        id: nextId++,
        app,
        request,
        checkoutRequestId: uniqueCheckoutId(request.phone),
        merchantRequestId: merchantRequestId(),
        createdAt: now,
        status: 'STATUS_PENDING',
        result: undefined,
        receipt: undefined,
        updatedAt: now,
      };
      transactions.set(transaction.id, transaction);
      checkoutIds.add(transaction.checkoutRequestId);
      kit.phones.open({
        id: transaction.checkoutRequestId,
        provider: 'payment-apps',
        phone: request.phone,
        amount: String(request.amount),
        currency: 'KES',
        payee: app.shortcode,
        reference: request.reference,
        settle: (outcome, copies) => settle(transaction, outcome, copies),
      });
      return transaction;
    },
    transaction(app, transactionId) {
      const transaction = /^\d{1,9}$/.test(transactionId)
        ? transactions.get(Number(transactionId))
        : undefined;
      if (!transaction || transaction.app.id !== app.id) {
        throw new GatewayHttpError(404, 'Transaction not found.');
      }
      return transaction;
    },
    createToken: (owner, input) => tokens.create({ ...input, userId: owner.userId }, kit.now()),
    listTokens: (owner) => tokens.list(owner.userId),
    revokeToken(owner, id) {
      if (!/^\d{1,9}$/.test(id) || !tokens.revoke(owner.userId, Number(id))) {
        throw new GatewayHttpError(404, 'Token not found.');
      }
    },
  };
}
