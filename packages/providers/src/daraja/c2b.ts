/**
 * C2B (customer to business): the merchant registers a validation and a confirmation URL for its
 * shortcode; when a customer pays the paybill or till from the M-Pesa menu, Daraja asks the
 * validation URL (if external validation is on) and then posts the confirmation. In the sandbox,
 * `simulate` plays the customer.
 */
import { type Money, ProviderError, ValidationError } from '@lipwa/core';
import { z } from 'zod';
import type { AccessTokens } from './access-token.js';
import { authorisedCall } from './authorised-call.js';
import type { DarajaConfig } from './daraja-options.js';
import { providerErrorFrom, unexpectedResponse } from './errors.js';
import {
  checkMsisdn,
  checkShortcode,
  checkUrl,
  ORG_MAX_AMOUNT_KES,
  ORG_MIN_AMOUNT_KES,
  wholeShillings,
} from './operation-input.js';

export const C2B_REGISTER_PATHS = {
  v1: '/mpesa/c2b/v1/registerurl',
  v2: '/mpesa/c2b/v2/registerurl',
} as const;
export const C2B_SIMULATE_PATH = '/mpesa/c2b/v2/simulate';

/**
 * Safaricom's portal refuses URLs containing these words in any case; refused here first, with a
 * clear message, rather than by Daraja with a generic "Invalid URL". (From Safaricom's portal,
 * not daraja.md.)
 */
export const forbiddenUrlWords = [
  'm-pesa',
  'mpesa',
  'safaricom',
  'exe',
  'exec',
  'cmd',
  'sql',
  'query',
];

export interface RegisterUrlsRequest {
  readonly confirmationUrl: string;
  readonly validationUrl: string;
  /**
   * What Daraja does when the validation URL cannot be reached: `Completed` takes the payment,
   * `Cancelled` refuses it. Default `Completed` (money is never refused for our outage).
   */
  readonly responseType?: 'Completed' | 'Cancelled';
  /** Default the configured shortcode (or `partyB` for a till). */
  readonly shortcode?: string;
  /** Default `v1`. */
  readonly version?: 'v1' | 'v2';
  readonly signal?: AbortSignal;
}

export interface SimulateC2bRequest {
  /** The paying customer, `2547…`. */
  readonly phone: string;
  readonly amount: Money;
  /** The account number the customer types (paybill); omitted for a till. */
  readonly billRefNumber?: string;
  /** Default `CustomerPayBillOnline`. */
  readonly commandId?: 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';
  readonly shortcode?: string;
  readonly signal?: AbortSignal;
}

export interface C2bAccepted {
  /** `OriginatorCoversationID` (sic) in Daraja's answer. */
  readonly originatorConversationId: string;
  readonly responseDescription: string;
}

const code = z.union([z.string(), z.number()]).transform(String);

// Daraja misspells the id (`OriginatorCoversationID`); the correct spelling is accepted too.
const acceptedSchema = z
  .looseObject({
    OriginatorCoversationID: z.string().min(1).optional(),
    OriginatorConversationID: z.string().min(1).optional(),
    ResponseCode: code,
    ResponseDescription: z.string().optional(),
  })
  .refine((body) => (body.OriginatorCoversationID ?? body.OriginatorConversationID) !== undefined);

function checkC2bUrl(config: DarajaConfig, value: unknown, field: string): string {
  const url = checkUrl(config, value, field);
  const word = forbiddenUrlWords.find((forbidden) => url.toLowerCase().includes(forbidden));
  if (word !== undefined) {
    throw new ValidationError(
      'invalid_field',
      `${field} contains "${word}", which Safaricom refuses in C2B URLs: choose a path without it.`,
      { details: { field } },
    );
  }
  return url;
}

async function send(
  config: DarajaConfig,
  tokens: AccessTokens,
  operation: 'c2b-register' | 'c2b-simulate',
  path: string,
  json: Record<string, unknown>,
  signal: AbortSignal | undefined,
): Promise<C2bAccepted> {
  const reply = await authorisedCall(config, tokens, { operation, path, json, signal });
  if (!reply.ok) throw providerErrorFrom(reply.failure, operation);
  const accepted = acceptedSchema.safeParse(reply.body);
  if (!accepted.success) {
    throw unexpectedResponse(
      operation,
      reply.httpStatus,
      'a ResponseCode and OriginatorCoversationID',
      reply.text,
    );
  }
  if (accepted.data.ResponseCode !== '0') {
    throw new ProviderError(
      'provider_rejected',
      `Daraja did not accept the request (ResponseCode ${accepted.data.ResponseCode}${
        accepted.data.ResponseDescription ? `: ${accepted.data.ResponseDescription}` : ''
      }).`,
      { providerCode: accepted.data.ResponseCode, retryable: false, ambiguous: false },
    );
  }
  return {
    originatorConversationId: (accepted.data.OriginatorCoversationID ??
      accepted.data.OriginatorConversationID) as string,
    responseDescription: accepted.data.ResponseDescription ?? '',
  };
}

export function buildRegisterUrlsPayload(config: DarajaConfig, request: RegisterUrlsRequest) {
  const responseType = request.responseType ?? 'Completed';
  if (responseType !== 'Completed' && responseType !== 'Cancelled') {
    throw new ValidationError('invalid_field', 'responseType must be "Completed" or "Cancelled".', {
      details: { field: 'responseType' },
    });
  }
  return {
    ShortCode: checkShortcode(request.shortcode ?? config.shortcode, 'shortcode'),
    ResponseType: responseType,
    ConfirmationURL: checkC2bUrl(config, request.confirmationUrl, 'confirmationUrl'),
    ValidationURL: checkC2bUrl(config, request.validationUrl, 'validationUrl'),
  };
}

export async function registerC2bUrls(
  config: DarajaConfig,
  tokens: AccessTokens,
  request: RegisterUrlsRequest,
): Promise<C2bAccepted> {
  const version = request.version ?? 'v1';
  if (version !== 'v1' && version !== 'v2') {
    throw new ValidationError('invalid_field', 'version must be "v1" or "v2".', {
      details: { field: 'version' },
    });
  }
  const json = buildRegisterUrlsPayload(config, request);
  return send(config, tokens, 'c2b-register', C2B_REGISTER_PATHS[version], json, request.signal);
}

export function buildSimulatePayload(config: DarajaConfig, request: SimulateC2bRequest) {
  if (config.environment === 'production') {
    throw new ValidationError(
      'invalid_request',
      'C2B simulate exists only in the Daraja sandbox: in production, customers pay from the M-Pesa menu.',
    );
  }
  const commandId = request.commandId ?? 'CustomerPayBillOnline';
  if (commandId !== 'CustomerPayBillOnline' && commandId !== 'CustomerBuyGoodsOnline') {
    throw new ValidationError(
      'invalid_field',
      'commandId must be "CustomerPayBillOnline" or "CustomerBuyGoodsOnline".',
      { details: { field: 'commandId' } },
    );
  }
  const billRef = request.billRefNumber?.trim() ?? '';
  if (commandId === 'CustomerPayBillOnline' && !/^[A-Za-z0-9 _-]{1,20}$/.test(billRef)) {
    throw new ValidationError(
      'invalid_field',
      'A paybill payment needs billRefNumber, the account number: 1-20 letters, digits, spaces, "-" or "_".',
      { details: { field: 'billRefNumber' } },
    );
  }
  return {
    ShortCode: checkShortcode(request.shortcode ?? config.shortcode, 'shortcode'),
    CommandID: commandId,
    Amount: wholeShillings(request.amount, {
      min: ORG_MIN_AMOUNT_KES,
      max: ORG_MAX_AMOUNT_KES,
      what: 'C2B payments',
    }),
    Msisdn: checkMsisdn(request.phone),
    BillRefNumber: commandId === 'CustomerPayBillOnline' ? billRef : null,
  };
}

export async function simulateC2b(
  config: DarajaConfig,
  tokens: AccessTokens,
  request: SimulateC2bRequest,
): Promise<C2bAccepted> {
  const json = buildSimulatePayload(config, request);
  return send(config, tokens, 'c2b-simulate', C2B_SIMULATE_PATH, json, request.signal);
}
