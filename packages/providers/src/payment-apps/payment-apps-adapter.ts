/**
 * `paymentApps(options)`: M-Pesa Express through a payment-apps gateway (transaction ids are
 * "Salami ids") behind core's `ProviderAdapter` contract. The gateway takes no callback URL per
 * request: the merchant registers one webhook URL in its dashboard, so the route is `fixed` and
 * every webhook is verified by its signature. Options are parsed once; mistakes throw here.
 *
 * Beyond the checkout, the adapter carries typed clients for the gateway's other operations:
 * `apps`, `tokens`, `transactions` (get, list, fetch, status, reverse, extract from an SMS,
 * simulate, instructions), `b2c` (sendMoney), `airtime`, `balance` and `webhooks`; and core's
 * `reversals` / `payouts` contract (reverseTransaction, sendMoney) for the kit's refunds and
 * payouts, settled by polling getTransactionStatus; and `manualPayments` (paybill payments to
 * `paybillApp`, from its webhooks) for the kit's Paybill matching.
 */
import type {
  CallbackInput,
  CallbackResult,
  Capability,
  InitiateRequest,
  InitiateResult,
  ProviderAdapter,
  ProviderPayouts,
  ProviderReversals,
  StatusUpdate,
} from '@lipwa/core';
import { CallbackError } from '@lipwa/core';
import {
  createAccountClients,
  type PaymentAppsApps,
  type PaymentAppsTokens,
} from './account-clients.js';
import {
  createMoneyOutClients,
  type PaymentAppsAirtimeClient,
  type PaymentAppsBalanceClient,
  type PaymentAppsPayouts,
} from './money-out.js';
import {
  createPaymentAppsManualPayments,
  type PaymentAppsManualPayments,
} from './paybill-payments.js';
import { paymentAppsPayouts, paymentAppsReversals } from './payment-apps-money-out.js';
import {
  type PaymentAppsOptions,
  parsePaymentAppsOptions,
  paymentAppsTarget,
} from './payment-apps-options.js';
import { checkPaymentRequestStatus } from './payment-request-status.js';
import { requestPayment } from './request-payment.js';
import { createTransactionsClient, type PaymentAppsTransactions } from './transactions-client.js';
import {
  importWebhookKey,
  parseWebhookRecord,
  verifyWebhookSignature,
  webhookAck,
  webhookUpdate,
} from './webhook.js';
import { createWebhooksClient, type PaymentAppsWebhooks } from './webhook-events.js';

export interface PaymentAppsAdapter extends ProviderAdapter {
  readonly id: 'payment-apps';
  readonly callbackRoute: 'fixed';
  /** `checkPaymentRequestStatus` by Salami id; `pending` while the customer has not answered. */
  query(ref: string, options?: { signal?: AbortSignal }): Promise<StatusUpdate>;
  /** The merchant's payment apps (`GET /api/pay/apps`), as an async iterator. */
  readonly apps: PaymentAppsApps;
  /** API tokens: create, list, test, revoke. */
  readonly tokens: PaymentAppsTokens;
  /** The transaction operations of a payment app. */
  readonly transactions: PaymentAppsTransactions;
  /** sendMoney (B2C) from `payoutApp`, typed as the gateway takes it. */
  readonly b2c: PaymentAppsPayouts;
  /** reverseTransaction for the kit's refunds, settled by polling. */
  readonly reversals: ProviderReversals;
  /** sendMoney for the kit's payouts, settled by polling; present when `payoutApp` is set. */
  readonly payouts: ProviderPayouts | undefined;
  /** sendAirtime from `payoutApp`. */
  readonly airtime: PaymentAppsAirtimeClient;
  /** checkBalance of `payoutApp` (else `paymentApp`). */
  readonly balance: PaymentAppsBalanceClient;
  /** Any webhook (money in or out, any app), verified and typed. */
  readonly webhooks: PaymentAppsWebhooks;
  /**
   * Paybill payments to `paybillApp` read from its verified webhooks, for the kit to match to
   * the checkout; present when `paybillApp` is set. No validation step: the gateway validates.
   */
  readonly manualPayments: PaymentAppsManualPayments | undefined;
}

export function paymentApps(options: PaymentAppsOptions): PaymentAppsAdapter {
  const config = parsePaymentAppsOptions(options);
  // Payouts need a B2C app; reversals and balances work on the collecting app itself.
  const capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'stk',
    'query',
    'reversal',
    'balance',
    ...(config.payoutApp === undefined ? [] : (['payout'] as const)),
  ]);
  const account = createAccountClients(config);
  const moneyOut = createMoneyOutClients(config);
  const transactions = createTransactionsClient(config);
  const webhooks = Object.freeze(createWebhooksClient(config.webhookSecret));
  let webhookKey: Promise<CryptoKey> | undefined;

  return Object.freeze({
    id: 'payment-apps' as const,
    displayName: config.displayName,
    capabilities,
    callbackRoute: 'fixed' as const,
    target: paymentAppsTarget(config),
    currencies: new Set(['KES']) as ReadonlySet<string>,
    apps: Object.freeze(account.apps),
    tokens: Object.freeze(account.tokens),
    transactions: Object.freeze(transactions),
    b2c: Object.freeze(moneyOut.payouts),
    reversals: paymentAppsReversals(transactions),
    payouts:
      config.payoutApp === undefined
        ? undefined
        : paymentAppsPayouts(moneyOut.payouts, transactions, config.payoutApp),
    airtime: Object.freeze(moneyOut.airtime),
    balance: Object.freeze(moneyOut.balance),
    webhooks,
    manualPayments:
      config.paybillApp === undefined
        ? undefined
        : Object.freeze(createPaymentAppsManualPayments(webhooks, config.paybillApp)),
    initiate(request: InitiateRequest): Promise<InitiateResult> {
      return requestPayment(config, request);
    },
    query(ref: string, o: { signal?: AbortSignal } = {}): Promise<StatusUpdate> {
      return checkPaymentRequestStatus(config, ref, o);
    },
    async verifyCallback(input: CallbackInput): Promise<CallbackResult> {
      if (input.method.toUpperCase() !== 'POST') {
        throw new CallbackError(
          'invalid_callback',
          `The gateway POSTs its webhooks; got ${input.method}.`,
          { details: { why: 'method' } },
        );
      }
      webhookKey ??= importWebhookKey(config.webhookSecret);
      await verifyWebhookSignature(await webhookKey, input.headers, input.rawBody);
      const update = webhookUpdate(parseWebhookRecord(input.rawBody), config.paymentApp);
      return {
        updates: update === undefined ? [] : [update],
        response: { status: 200, body: { ...webhookAck } },
      };
    },
  });
}
