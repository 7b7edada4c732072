/**
 * Money going out through the gateway: `payouts.send` (sendMoney, B2C), `airtime.send`
 * (sendAirtime) and `balance.check` (checkBalance), on the configured `payoutApp` unless a call
 * names another `app`. Phones and amounts are refused before any request; none of these is
 * retried, since the gateway takes no idempotency key and a second request is a second payout.
 */
import { type Money, ValidationError } from '@lipwa/core';
import { z } from 'zod';
import {
  commandAccepted,
  commandAcceptedSchema,
  type PaymentAppsCommandAccepted,
} from './command-accepted.js';
import { unexpectedAnswer } from './errors.js';
import { callTyped } from './gateway-call.js';
import {
  AIRTIME_LIMITS,
  appId,
  msisdn,
  optionalText,
  SEND_MONEY_LIMITS,
  wholeShillings,
} from './inputs.js';
import type { PaymentAppsConfig } from './payment-apps-options.js';

export interface AppCallOptions {
  /** Another payment app than the default for this operation. */
  readonly app?: number | string;
  readonly signal?: AbortSignal;
}

export const commandIds = ['BusinessPayment', 'SalaryPayment', 'PromotionPayment'] as const;
export type PaymentAppsCommandId = (typeof commandIds)[number];

export interface PaymentAppsPayout {
  /** The recipient, normalised `2547XXXXXXXX` / `2541XXXXXXXX`. */
  readonly phone: string;
  /** Whole KES from 10 to 250,000. */
  readonly amount: Money;
  /** Default `BusinessPayment`. */
  readonly commandId?: PaymentAppsCommandId;
  /** Up to 100 characters each. */
  readonly remarks?: string;
  readonly occasion?: string;
}

export interface PaymentAppsAirtime {
  readonly phone: string;
  /** Whole KES from 5 to 10,000 (assumed limits). */
  readonly amount: Money;
}

export interface PaymentAppsBalanceAccount {
  /** `Working Account`, `Utility Account`, `Charges Paid Account`, … */
  readonly name: string;
  readonly current: Money;
  readonly available: Money;
  readonly reserved: Money;
  readonly uncleared: Money;
}

export interface PaymentAppsBalance {
  readonly conversationId: string;
  readonly originatorConversationId?: string | undefined;
  /**
   * The accounts, when the gateway's answer carries Daraja's `AccountBalance` result (assumed:
   * it does once it holds the result). Absent: the balance arrives later, as Daraja's result.
   */
  readonly accounts?: readonly PaymentAppsBalanceAccount[] | undefined;
}

export interface PaymentAppsPayouts {
  /** sendMoney: accepted now, completed (or failed) later by webhook. */
  send(payout: PaymentAppsPayout, options?: AppCallOptions): Promise<PaymentAppsCommandAccepted>;
}

export interface PaymentAppsAirtimeClient {
  send(airtime: PaymentAppsAirtime, options?: AppCallOptions): Promise<PaymentAppsCommandAccepted>;
}

export interface PaymentAppsBalanceClient {
  check(options?: AppCallOptions): Promise<PaymentAppsBalance>;
}

function payoutAppOf(config: PaymentAppsConfig, options: AppCallOptions): string {
  const app = appId(options.app) ?? config.payoutApp;
  if (app === undefined) {
    throw new ValidationError(
      'invalid_field',
      'No payout app: set the payoutApp option to your B2C payment app (MpesaKeB2C), or pass { app }.',
      { details: { field: 'app' } },
    );
  }
  return app;
}

/** `Name|Currency|Current|Available|Reserved|Uncleared` amounts, signed, as minor units. */
function signedMoney(text: string, currency: string): Money | undefined {
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const minor = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return { amount: match[1] ? -minor : minor, currency };
}

/**
 * Daraja's AccountBalance result text (`Working Account|KES|700000.00|700000.00|0.00|0.00&…`),
 * one account per `&`. Undefined when any part cannot be read: no guessing at a balance.
 */
export function parseAccountBalance(text: string): PaymentAppsBalanceAccount[] | undefined {
  const accounts: PaymentAppsBalanceAccount[] = [];
  for (const entry of text.split('&')) {
    const [name, currency, ...amounts] = entry.split('|');
    if (!name || !currency || !/^[A-Z]{3}$/.test(currency) || amounts.length !== 4)
      return undefined;
    const [current, available, reserved, uncleared] = amounts.map((a) => signedMoney(a, currency));
    if (!current || !available || !reserved || !uncleared) return undefined;
    accounts.push({ name: name.trim(), current, available, reserved, uncleared });
  }
  return accounts;
}

const balanceSchema = commandAcceptedSchema.extend({ AccountBalance: z.string().optional() });

export function createMoneyOutClients(config: PaymentAppsConfig) {
  const payouts: PaymentAppsPayouts = {
    async send(payout, options = {}) {
      const commandId = payout.commandId ?? 'BusinessPayment';
      if (!commandIds.includes(commandId)) {
        throw new ValidationError(
          'invalid_field',
          `commandId must be one of ${commandIds.join(', ')}.`,
          { details: { field: 'commandId' } },
        );
      }
      const remarks = optionalText('remarks', payout.remarks, 100);
      const occasion = optionalText('occasion', payout.occasion, 100);
      const json = {
        phone_number: msisdn('phone', payout.phone),
        amount: wholeShillings('amount', payout.amount, SEND_MONEY_LIMITS),
        command_id: commandId,
        ...(remarks === undefined ? {} : { remarks }),
        ...(occasion === undefined ? {} : { occasion }),
      };
      const reply = await callTyped(config, {
        operation: 'sendMoney',
        method: 'POST',
        path: '/sendMoney',
        app: payoutAppOf(config, options),
        json,
        signal: options.signal,
        data: commandAcceptedSchema,
        expected: 'a ConversationID',
        idempotent: false,
      });
      return commandAccepted('sendMoney', reply.data, reply.raw);
    },
  };

  const airtime: PaymentAppsAirtimeClient = {
    async send(input, options = {}) {
      const json = {
        phone_number: msisdn('phone', input.phone),
        amount: wholeShillings('amount', input.amount, AIRTIME_LIMITS),
        currency: 'KES',
      };
      const reply = await callTyped(config, {
        operation: 'sendAirtime',
        method: 'POST',
        path: '/sendAirtime',
        app: payoutAppOf(config, options),
        json,
        signal: options.signal,
        data: commandAcceptedSchema,
        expected: 'a ConversationID',
        idempotent: false,
      });
      return commandAccepted('sendAirtime', reply.data, reply.raw);
    },
  };

  const balance: PaymentAppsBalanceClient = {
    async check(options = {}) {
      const reply = await callTyped(config, {
        operation: 'checkBalance',
        method: 'GET',
        path: '/checkBalance',
        app: appId(options.app) ?? config.payoutApp ?? config.paymentApp,
        signal: options.signal,
        data: balanceSchema,
        expected: 'a ConversationID',
        idempotent: true,
      });
      const accepted = commandAccepted('checkBalance', reply.data, reply.raw);
      const text = reply.data.AccountBalance;
      const accounts = text === undefined ? undefined : parseAccountBalance(text);
      if (text !== undefined && accounts === undefined) {
        throw unexpectedAnswer('checkBalance', 200, 'a readable AccountBalance', reply.raw);
      }
      return {
        conversationId: accepted.conversationId,
        originatorConversationId: accepted.originatorConversationId,
        accounts,
      };
    },
  };

  return { payouts, airtime, balance };
}
