/**
 * Money leaving the merchant's M-Pesa accounts through the gateway: sendMoney (B2C), airtime,
 * reversals, and the account balance. Each is Daraja's asynchronous pattern passed through: the
 * gateway answers at once that the request was accepted (`ConversationID`, `ResponseCode "0"`),
 * and the result lands on the transaction record a moment later (`autoResolveDelayMs`), with the
 * signed webhook. Nobody answers a prompt for money going out: the float and the recipient's
 * magic number decide (`payoutResults`). Balances are worked out from the ledger.
 */
import { randomBytes } from 'node:crypto';
import { maskMsisdn } from '@lipwa/core';
import type { SimulatorKit } from '../kit.js';
import { magicOutcome } from '../outcomes.js';
import { GatewayHttpError } from './gateway-error.js';
import type { Ledger, SalamiTransaction } from './ledger.js';
import type { AirtimeInput, SendMoneyInput } from './operation-requests.js';
import { payoutResults, reversalResult } from './outcome-codes.js';
import { BUSY_MESSAGE } from './payment-apps-gateway.js';
import { payoutDrivers, type SimulatedPaymentApp } from './sandbox.js';

/** What the B2C app's utility account holds when the simulator starts, in cents. */
export const INITIAL_FLOAT_CENTS = 50_000_000;

export interface AcceptedCommand {
  readonly id: number;
  readonly ConversationID: string;
  readonly OriginatorConversationID: string;
  readonly ResponseCode: '0';
  readonly ResponseDescription: string;
}

export interface BalanceAnswer {
  readonly ConversationID: string;
  readonly OriginatorConversationID: string;
  readonly ResponseCode: '0';
  readonly ResponseDescription: string;
  /** Daraja's `AccountBalance` result text: `Name|Currency|Current|Available|Reserved|Uncleared&…`. */
  readonly AccountBalance: string;
}

export interface MoneyOut {
  sendMoney(app: SimulatedPaymentApp, input: SendMoneyInput): AcceptedCommand;
  sendAirtime(app: SimulatedPaymentApp, input: AirtimeInput): AcceptedCommand;
  reverse(app: SimulatedPaymentApp, original: SalamiTransaction): AcceptedCommand;
  balance(app: SimulatedPaymentApp): BalanceAnswer;
}

const ACCEPTED = 'Accept the service request successfully.';
const cents = (kes: number) => Math.round(kes * 100);
const kes = (amountCents: number) => (amountCents / 100).toFixed(2);

function conversationIds(now: number) {
  const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '');
  return {
    conversationId: `AG_${day}_${randomBytes(10).toString('hex')}`,
    originatorConversationId: `${10_000 + (now % 90_000)}-${randomBytes(4).readUInt32BE() % 100_000_000}-1`,
  };
}

function unsupported(app: SimulatedPaymentApp, what: string): GatewayHttpError {
  return new GatewayHttpError(500, `${what} is not supported by the ${app.type} driver.`);
}

export function createMoneyOut(kit: SimulatorKit, ledger: Ledger): MoneyOut {
  const completedOrPending = (t: SalamiTransaction) =>
    t.status === 'STATUS_COMPLETED' ||
    t.status === 'STATUS_PENDING' ||
    t.status === 'STATUS_REVERSED';

  /** The utility account: the starting float less every payout that went or is going out. */
  function utilityCents(app: SimulatedPaymentApp): number {
    if (!payoutDrivers.has(app.type)) return 0;
    const out = ledger
      .list(app)
      .filter((t) => t.type === 'PAYMENT_OUT' && t.subType !== 'TransactionReversal')
      .filter(completedOrPending)
      .reduce((sum, t) => sum + cents(t.amount), 0);
    return INITIAL_FLOAT_CENTS - out;
  }

  /** The working account: collections less what was reversed. */
  function workingCents(app: SimulatedPaymentApp): number {
    return ledger.list(app).reduce((sum, t) => {
      if (
        t.type === 'PAYMENT_IN' &&
        (t.status === 'STATUS_COMPLETED' || t.status === 'STATUS_REVERSED')
      ) {
        return sum + cents(t.amount);
      }
      if (t.subType === 'TransactionReversal' && t.status === 'STATUS_COMPLETED') {
        return sum - cents(t.amount);
      }
      return sum;
    }, 0);
  }

  function accepted(transaction: SalamiTransaction): AcceptedCommand {
    return {
      id: transaction.id,
      ConversationID: transaction.conversationId ?? '',
      OriginatorConversationID: transaction.originatorConversationId ?? '',
      ResponseCode: '0',
      ResponseDescription: ACCEPTED,
    };
  }

  /** Sends a payout's result after the usual short wait, like Daraja's ResultURL. */
  function payout(
    app: SimulatedPaymentApp,
    subType: string,
    phone: string,
    amount: number,
    narration: string | null,
    reference: string | null,
  ): AcceptedCommand {
    if (!payoutDrivers.has(app.type))
      throw unsupported(app, subType === 'Airtime' ? 'Airtime' : 'sendMoney');
    const magic = magicOutcome(phone);
    if (magic?.kind === 'refuse') {
      kit.log(`payment-apps ${subType} refused for ${maskMsisdn(phone)}: ${BUSY_MESSAGE}`);
      throw new GatewayHttpError(502, BUSY_MESSAGE);
    }
    // Payouts still in flight hold their amount, like M-Pesa's reserved balance.
    const short = cents(amount) > utilityCents(app);
    const ids = conversationIds(kit.now());
    const transaction = ledger.add({
      app,
      type: 'PAYMENT_OUT',
      subType,
      payer: { account: app.shortcode, name: app.payeeName },
      payee: { account: phone, name: null },
      amount,
      currency: 'KES',
      reference,
      narration,
      ...ids,
    });
    const outcome = short
      ? 'insufficient_funds'
      : magic?.kind === 'settle'
        ? magic.outcome
        : 'paid';
    const copies = magic?.kind === 'settle' ? magic.callbacks : 1;
    kit.scheduler.schedule(kit.config.autoResolveDelayMs, () => {
      void ledger.settle(transaction, payoutResults[outcome], copies);
    });
    kit.log(
      `payment-apps ${subType} ${transaction.id} KES ${amount} to ${maskMsisdn(phone)} accepted`,
    );
    return accepted(transaction);
  }

  return {
    sendMoney(app, input) {
      return payout(
        app,
        input.commandId,
        input.phone,
        input.amount,
        input.remarks ?? null,
        input.occasion ?? null,
      );
    },
    sendAirtime(app, input) {
      return payout(app, 'Airtime', input.phone, input.amount, 'Airtime top-up', null);
    },
    reverse(app, original) {
      if (app.type === 'MpesaKePersonal') throw unsupported(app, 'Reversal');
      if (original.type !== 'PAYMENT_IN') {
        throw new GatewayHttpError(500, 'Only payments received can be reversed.');
      }
      if (original.reversedBy !== undefined || original.status === 'STATUS_REVERSED') {
        throw new GatewayHttpError(500, 'The transaction has already been reversed.');
      }
      if (original.status !== 'STATUS_COMPLETED') {
        throw new GatewayHttpError(500, 'Only completed transactions can be reversed.');
      }
      const reversal = ledger.add({
        app,
        type: 'PAYMENT_OUT',
        subType: 'TransactionReversal',
        payer: original.payee,
        payee: original.payer,
        amount: original.amount,
        currency: original.currency,
        reference: original.receipt ?? null,
        narration: `Reversal of ${original.receipt ?? original.id}`,
        reversalOf: original.id,
        ...conversationIds(kit.now()),
      });
      original.reversedBy = reversal.id;
      kit.scheduler.schedule(kit.config.autoResolveDelayMs, () => {
        original.status = 'STATUS_REVERSED';
        original.updatedAt = kit.now();
        void ledger.settle(reversal, reversalResult, 1);
      });
      kit.log(`payment-apps reversal ${reversal.id} of transaction ${original.id} accepted`);
      return accepted(reversal);
    },
    balance(app) {
      if (app.type === 'MpesaKePersonal') throw unsupported(app, 'Balance');
      const working = workingCents(app);
      const utility = utilityCents(app);
      const line = (name: string, amount: number) =>
        `${name}|KES|${kes(amount)}|${kes(amount)}|0.00|0.00`;
      const ids = conversationIds(kit.now());
      return {
        ConversationID: ids.conversationId,
        OriginatorConversationID: ids.originatorConversationId,
        ResponseCode: '0',
        ResponseDescription: ACCEPTED,
        AccountBalance: [
          line('Working Account', working),
          line('Utility Account', utility),
          line('Charges Paid Account', 0),
        ].join('&'),
      };
    },
  };
}
