/**
 * The payment-apps gateway's state and rules, independent of HTTP: API tokens, apps and their
 * owners, rate limits, M-Pesa Express requests as transaction records with Salami ids, settling
 * them through the shared virtual phone, and the signed webhooks that follow.
 */
import { maskMsisdn } from '@lipwa/core';
import { checkoutRequestId, merchantRequestId } from '../daraja/ids.js';
import type { SimulatorKit } from '../kit.js';
import { magicOutcome } from '../outcomes.js';
import { type ApiToken, createApiTokenStore, type NewToken, tokenCan } from './api-tokens.js';
import { GatewayHttpError } from './gateway-error.js';
import { createLedger, type Ledger, type SalamiTransaction } from './ledger.js';
import { outcomeResults } from './outcome-codes.js';
import { createRateLimiter, type RateDecision } from './rate-limit.js';
import type { PaymentRequestInput } from './request-payment.js';
import { type SimulatedPaymentApp, simulatedApps } from './sandbox.js';

export type { SalamiTransaction } from './ledger.js';

export interface PaymentAppsGateway {
  /** Every transaction record, whatever made it. */
  readonly ledger: Ledger;
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

export const BUSY_MESSAGE =
  'Unable to lock subscriber, a transaction is already in process for the current subscriber';

export function createPaymentAppsGateway(kit: SimulatorKit): PaymentAppsGateway {
  const tokens = createApiTokenStore(kit.now());
  const limiter = createRateLimiter();
  const ledger = createLedger(kit);
  const checkoutIds = new Set<string>();

  function uniqueCheckoutId(phone: string): string {
    for (let bump = 0; ; bump++) {
      const id = checkoutRequestId(kit.now() + bump, phone);
      // Daraja's simulator mints ids the same way: never reuse one a prompt still holds.
      if (!checkoutIds.has(id) && kit.phones.get(id) === undefined) return id;
    }
  }

  return {
    ledger,
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
      const checkoutId = uniqueCheckoutId(request.phone);
      const transaction = ledger.add({
        app,
        type: 'PAYMENT_IN',
        subType: 'CustomerPayBillOnline',
        // M-Pesa Express callbacks carry no payer name.
        payer: { account: request.phone, name: null },
        payee: { account: app.shortcode, name: app.payeeName },
        amount: request.amount,
        currency: 'KES',
        reference: request.reference,
        narration: request.description ?? null,
        checkoutRequestId: checkoutId,
        merchantRequestId: merchantRequestId(),
      });
      checkoutIds.add(checkoutId);
      kit.phones.open({
        id: checkoutId,
        provider: 'payment-apps',
        phone: request.phone,
        amount: String(request.amount),
        currency: 'KES',
        payee: app.shortcode,
        reference: request.reference,
        settle: (outcome, copies) => ledger.settle(transaction, outcomeResults[outcome], copies),
      });
      return transaction;
    },
    transaction: (app, transactionId) => ledger.get(app, transactionId),
    createToken: (owner, input) => tokens.create({ ...input, userId: owner.userId }, kit.now()),
    listTokens: (owner) => tokens.list(owner.userId),
    revokeToken(owner, id) {
      if (!/^\d{1,9}$/.test(id) || !tokens.revoke(owner.userId, Number(id))) {
        throw new GatewayHttpError(404, 'Token not found.');
      }
    },
  };
}
