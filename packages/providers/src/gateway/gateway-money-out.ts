/**
 * The gateway's `payment_b2c` behind core's provider-neutral `payouts` contract (the gateway has
 * no reversal). The payout id is the `order_id`, the gateway's idempotency key, so a request
 * whose answer was lost may be sent again. When the gateway asks for the second step
 * (`confirm_type` non-zero) the `confirmPayout` option gives the code; without one the payout
 * fails unpaid. The signed callback says something happened, not what: the outcome is read
 * from `status`, as for payments.
 */
import { maskMsisdn, type PayoutOutcome, ProviderError, type ProviderPayouts } from '@lipwa/core';
import { gatewayCallbackAck, verifyGatewayCallback } from './gateway-callback.js';
import type { GatewayPayoutsClient } from './gateway-clients.js';
import type { GatewayOperationResult } from './gateway-operation.js';
import type { GatewayConfig } from './gateway-options.js';
import type { GatewaySigner } from './gateway-signature.js';
import { type GatewayPayoutRequest, PAYOUT_MAX_KES_MINOR, PAYOUT_MIN_KES_MINOR } from './payout.js';

function unconfirmed(result: GatewayOperationResult, why: string): ProviderError {
  return new ProviderError(
    'provider_rejected',
    `The gateway held payout ${result.orderId} for a confirmation code: ${why}. Nothing was paid.`,
    {
      retryable: false,
      ambiguous: false,
      providerCode: `confirm_type ${result.confirmType}`,
    },
  );
}

/** The second step, when the gateway asks for it; the answer the payout stands on. */
async function confirmed(
  config: GatewayConfig,
  b2c: GatewayPayoutsClient,
  request: GatewayPayoutRequest,
  first: GatewayOperationResult,
): Promise<GatewayOperationResult> {
  if (!first.needsConfirmation) return first;
  if (config.confirmPayout === undefined) {
    throw unconfirmed(first, 'set the confirmPayout option to give it');
  }
  const code = await config.confirmPayout({
    orderId: request.orderId,
    phone: maskMsisdn(request.phone),
    amount: request.amount,
  });
  const second = await b2c.confirm(request, code);
  if (second.needsConfirmation) throw unconfirmed(second, 'the code given was refused');
  return second;
}

function outcomeOf(result: GatewayOperationResult, receipt?: string): PayoutOutcome | undefined {
  const { update } = result;
  if (update.status === 'pending') return undefined;
  const ok = update.status === 'completed';
  return {
    ok,
    receipt: update.receipt ?? receipt,
    reason: ok ? undefined : (update.reason ?? 'unknown'),
    providerCode: update.providerCode,
    payoutId: result.orderId,
  };
}

export function gatewayPayouts(
  config: GatewayConfig,
  signer: GatewaySigner,
  b2c: GatewayPayoutsClient,
): ProviderPayouts {
  return Object.freeze({
    limits: { currency: 'KES', min: PAYOUT_MIN_KES_MINOR, max: PAYOUT_MAX_KES_MINOR },
    repeatable: true,
    results: 'callback' as const,
    async send({ payoutId, phone, amount, resultUrl, signal }) {
      const request: GatewayPayoutRequest = {
        orderId: payoutId,
        phone,
        amount,
        callbackUrl: resultUrl,
        ...(signal ? { signal } : {}),
      };
      const result = await confirmed(config, b2c, request, await b2c.send(request));
      if (result.update.status === 'failed') {
        throw new ProviderError('provider_rejected', `The gateway refused payout ${payoutId}.`, {
          retryable: false,
          ambiguous: false,
          providerCode: result.update.providerCode,
          reason: result.update.reason,
        });
      }
      return { requestId: result.orderId };
    },
    async parseResult(input) {
      const verified = await verifyGatewayCallback(signer, input);
      const outcome = outcomeOf(
        await b2c.status(verified.orderId),
        verified.kind === 'payment' ? verified.transactionRef : undefined,
      );
      if (outcome === undefined) {
        // Not final yet: a non-200 answer makes the gateway call again later.
        throw new ProviderError(
          'provider_unavailable',
          `Payout ${verified.orderId} is still pending at the gateway.`,
          {
            retryable: true,
            ambiguous: false,
          },
        );
      }
      return outcome;
    },
    acknowledge: () => ({ status: 200, body: gatewayCallbackAck }),
  });
}
