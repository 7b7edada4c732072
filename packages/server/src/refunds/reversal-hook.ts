/**
 * The provider-neutral hook for refunds: ask the provider to reverse a completed payment (an
 * async request; the outcome arrives later on a result URL), and verify and read that result.
 * An adapter offers it as `reversals`; Daraja's `reversal` client is bridged here.
 */
import type { CallbackInput, FailureReason, Money, ProviderAdapter } from '@lipwa/core';

export interface ReversalRequest {
  /** The provider's receipt of the payment to reverse. */
  readonly receipt: string;
  readonly amount: Money;
  /** Where the provider posts the outcome (and, for Daraja, the queue timeout). */
  readonly resultUrl: string;
}

export interface ReversalResult {
  readonly ok: boolean;
  /** The receipt the provider says it reversed, when it says. */
  readonly originalReceipt?: string | undefined;
  readonly reason?: FailureReason | undefined;
  readonly providerCode?: string | undefined;
}

export interface ReversalAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface ReversalHook {
  /** Sends the request; resolves with the provider's id for it. Throws `ProviderError`. */
  request(request: ReversalRequest): Promise<{ readonly requestId: string }>;
  /** Verifies and reads the outcome; throws `CallbackError` for anything forged or malformed. */
  parseResult(input: CallbackInput): ReversalResult | Promise<ReversalResult>;
  acknowledge(): ReversalAnswer;
}

interface DarajaLike {
  reversal: {
    request(request: {
      transactionId: string;
      amount: Money;
      resultUrl: string;
      timeoutUrl: string;
    }): Promise<{ conversationId: string }>;
    parseResult(input: CallbackInput): {
      ok: boolean;
      resultCode: string;
      reason?: FailureReason | undefined;
      originalTransactionId?: string | undefined;
    };
  };
  c2b: { acknowledge(): ReversalAnswer };
}

function hasFunctions(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}

export function darajaReversals(adapter: DarajaLike): ReversalHook {
  return {
    async request({ receipt, amount, resultUrl }) {
      const accepted = await adapter.reversal.request({
        transactionId: receipt,
        amount,
        resultUrl,
        timeoutUrl: resultUrl,
      });
      return { requestId: accepted.conversationId };
    },
    parseResult(input) {
      const result = adapter.reversal.parseResult(input);
      return {
        ok: result.ok,
        originalReceipt: result.originalTransactionId,
        reason: result.reason,
        providerCode: result.resultCode,
      };
    },
    acknowledge: () => adapter.c2b.acknowledge(),
  };
}

/** The adapter's reversal hook, when it can reverse payments (capability `reversal`). */
export function reversalsOf(adapter: ProviderAdapter): ReversalHook | undefined {
  if (!adapter.capabilities.has('reversal')) return undefined;
  const candidate = adapter as ProviderAdapter & { reversals?: unknown; reversal?: unknown };
  if (hasFunctions(candidate.reversals, ['request', 'parseResult', 'acknowledge'])) {
    return candidate.reversals as ReversalHook;
  }
  const c2b = (candidate as { c2b?: unknown }).c2b;
  if (
    hasFunctions(candidate.reversal, ['request', 'parseResult']) &&
    hasFunctions(c2b, ['acknowledge'])
  ) {
    return darajaReversals(candidate as unknown as DarajaLike);
  }
  return undefined;
}
