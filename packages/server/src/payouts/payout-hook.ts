/**
 * The provider-neutral hook for payouts (B2C): send money to a phone (an async request whose
 * outcome arrives on a result URL), and verify and read that outcome. An adapter offers it as
 * `payouts`; Daraja's `b2c` client is bridged here, with the payout id as its idempotency key.
 */
import type { CallbackInput, FailureReason, Money, Msisdn, ProviderAdapter } from '@lipwa/core';

export interface PayoutSendRequest {
  /** Lipwa's payout id: the provider's idempotency key where it has one. */
  readonly payoutId: string;
  readonly phone: Msisdn;
  readonly amount: Money;
  readonly resultUrl: string;
}

export interface PayoutResult {
  readonly ok: boolean;
  readonly receipt?: string | undefined;
  readonly reason?: FailureReason | undefined;
  readonly providerCode?: string | undefined;
  /** The payout id the provider echoed back, when it does. */
  readonly payoutId?: string | undefined;
}

export interface PayoutAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface PayoutHook {
  /** Throws `ValidationError` (nothing sent) or `ProviderError`. */
  send(request: PayoutSendRequest): Promise<{ readonly requestId: string }>;
  parseResult(input: CallbackInput): PayoutResult | Promise<PayoutResult>;
  acknowledge(): PayoutAnswer;
}

interface DarajaLike {
  b2c: {
    send(request: {
      phone: string;
      amount: Money;
      resultUrl: string;
      timeoutUrl: string;
      originatorConversationId: string;
    }): Promise<{ conversationId: string }>;
    parseResult(input: CallbackInput): {
      ok: boolean;
      resultCode: string;
      reason?: FailureReason | undefined;
      receipt?: string | undefined;
      originatorConversationId: string;
    };
  };
  c2b: { acknowledge(): PayoutAnswer };
}

function hasFunctions(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}

export function darajaPayouts(adapter: DarajaLike): PayoutHook {
  return {
    async send({ payoutId, phone, amount, resultUrl }) {
      const accepted = await adapter.b2c.send({
        phone,
        amount,
        resultUrl,
        timeoutUrl: resultUrl,
        originatorConversationId: payoutId,
      });
      return { requestId: accepted.conversationId };
    },
    parseResult(input) {
      const result = adapter.b2c.parseResult(input);
      return {
        ok: result.ok,
        receipt: result.receipt,
        reason: result.reason,
        providerCode: result.resultCode,
        payoutId: result.originatorConversationId,
      };
    },
    acknowledge: () => adapter.c2b.acknowledge(),
  };
}

/** The adapter's payout hook, when it can pay out (capability `payout`). */
export function payoutsOf(adapter: ProviderAdapter): PayoutHook | undefined {
  if (!adapter.capabilities.has('payout')) return undefined;
  const candidate = adapter as ProviderAdapter & {
    payouts?: unknown;
    b2c?: unknown;
    c2b?: unknown;
  };
  if (hasFunctions(candidate.payouts, ['send', 'parseResult', 'acknowledge'])) {
    return candidate.payouts as PayoutHook;
  }
  if (
    hasFunctions(candidate.b2c, ['send', 'parseResult']) &&
    hasFunctions(candidate.c2b, ['acknowledge'])
  ) {
    return darajaPayouts(candidate as unknown as DarajaLike);
  }
  return undefined;
}
