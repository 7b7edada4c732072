/**
 * Daraja's `reversal` and `b2c` clients behind core's provider-neutral `reversals` / `payouts`
 * contract, so the kit's refunds and payouts reach them without knowing Daraja. Both outcomes
 * are posted by Daraja to the result URL; the payout id is the B2C `OriginatorConversationID`,
 * which Daraja echoes and treats as the idempotency key.
 */
import type { ProviderPayouts, ProviderReversals } from '@lipwa/core';
import { acknowledgeC2b } from './c2b-payment.js';
import type { DarajaB2cClient, DarajaReversalClient } from './daraja-clients.js';
import { ORG_MAX_AMOUNT_KES, ORG_MIN_AMOUNT_KES } from './operation-input.js';

export function darajaReversals(reversal: DarajaReversalClient): ProviderReversals {
  return Object.freeze({
    results: 'callback' as const,
    async request({ receipt, amount, resultUrl }) {
      const accepted = await reversal.request({
        transactionId: receipt,
        amount,
        resultUrl,
        timeoutUrl: resultUrl,
      });
      return { requestId: accepted.conversationId };
    },
    async parseResult(input) {
      const result = reversal.parseResult(input);
      return {
        ok: result.ok,
        originalReceipt: result.originalTransactionId,
        reason: result.reason,
        providerCode: result.resultCode,
      };
    },
    acknowledge: acknowledgeC2b,
  });
}

export function darajaPayouts(b2c: DarajaB2cClient): ProviderPayouts {
  return Object.freeze({
    limits: { currency: 'KES', min: ORG_MIN_AMOUNT_KES * 100, max: ORG_MAX_AMOUNT_KES * 100 },
    repeatable: true,
    results: 'callback' as const,
    async send({ payoutId, phone, amount, resultUrl }) {
      const accepted = await b2c.send({
        phone,
        amount,
        resultUrl,
        timeoutUrl: resultUrl,
        originatorConversationId: payoutId,
      });
      return { requestId: accepted.conversationId };
    },
    async parseResult(input) {
      const result = b2c.parseResult(input);
      return {
        ok: result.ok,
        receipt: result.receipt,
        reason: result.reason,
        providerCode: result.resultCode,
        payoutId: result.originatorConversationId,
      };
    },
    acknowledge: acknowledgeC2b,
  });
}
