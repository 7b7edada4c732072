/**
 * CashPay's webhook to `post_url`. Its signing is not documented, so the body is never trusted:
 * only the charge id is read from it, the charge is fetched from CashPay, and THAT is mapped. A
 * forged body claiming CAPTURED for an unpaid charge therefore yields what CashPay really says.
 */
import { CallbackError, type CallbackInput, type CallbackResult } from '@lipwa/core';
import { z } from 'zod';
import type { AccessTokens } from './access-token.js';
import type { CashpayConfig } from './cashpay-options.js';
import { chargeIdSchema, chargeUpdate } from './charge.js';
import { retrieveCharge } from './retrieve-charge.js';

/** What CashPay hears back: any 2xx stops its retries (assumed). */
export const cashpayWebhookAck = Object.freeze({ received: true });

/** Only the id matters; the rest of the body (the charge object, assumed) is ignored. */
const webhookSchema = z.looseObject({ id: chargeIdSchema });

function invalid(why: string): CallbackError {
  return new CallbackError('invalid_callback', `Not a CashPay webhook: ${why}.`, {
    details: { why },
  });
}

/** The charge id a webhook names; throws `CallbackError('invalid_callback')`. */
export function webhookChargeId(input: CallbackInput): string {
  if (input.method.toUpperCase() !== 'POST') throw invalid(`expected POST, got ${input.method}`);
  let body: unknown;
  try {
    body = JSON.parse(input.rawBody);
  } catch {
    throw invalid('the body is not JSON');
  }
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) throw invalid('the body does not name a charge ("id": "chg_…")');
  return parsed.data.id;
}

/**
 * Verifies a webhook by fetching the charge it names. Throws `CallbackError` for a malformed body
 * or a charge CashPay does not know; `ProviderError` when CashPay cannot be asked right now (the
 * kit then answers 5xx and CashPay retries).
 */
export async function verifyCashpayWebhook(
  config: CashpayConfig,
  tokens: AccessTokens,
  input: CallbackInput,
): Promise<CallbackResult> {
  const id = webhookChargeId(input);
  const result = await retrieveCharge(config, tokens, id);
  if (!result.found) {
    throw new CallbackError(
      'invalid_callback',
      `CashPay has no charge ${id} on this account: the webhook is forged or meant for another account. Nothing was changed.`,
      { details: { providerCode: result.providerCode } },
    );
  }
  return {
    updates: [chargeUpdate(result.charge)],
    response: { status: 200, body: { ...cashpayWebhookAck } },
  };
}
