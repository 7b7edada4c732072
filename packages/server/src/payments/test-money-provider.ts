/**
 * The provider as a model, for the money-safety properties (money-invariants.test.ts): what it
 * really pushed and settled, and what it tells the kit (callbacks, status queries), plus the
 * orders, amounts and timings every run uses.
 */
import {
  type FailureReason,
  type PaymentStatus,
  ProviderError,
  type StatusUpdate,
} from '@lipwa/core';
import type { Lipwa } from '../lipwa.js';
import { createScriptedAdapter, darajaFailure, darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath, type FakeClock } from '../testing/test-harness.js';

export const REFERENCES = ['ORDER-1', 'ORDER-2', 'ORDER-3'] as const;
/** Every session asks for KES 1,500.00; Daraja reports whole shillings. */
export const AMOUNT = { amount: 150_000, currency: 'KES' } as const;
export const SHILLINGS = 1_500;
export const WRONG_SHILLINGS = 1_000;
export const PHONES = ['0708374149', '0712345678'] as const;

/** Short timings: the fake clock makes them free, and deadlines come up often. */
export const RECONCILE = {
  firstQueryAfterMs: 10_000,
  maxIntervalMs: 20_000,
  promptTimeoutMs: 60_000,
  graceMs: 30_000,
};
/**
 * The phone's prompt closes (1037) this long after the push, before our deadline, as Daraja's
 * does. With the query lag below, the last query the reconciler makes before it expires a payment
 * always sees a settled payment's real outcome.
 */
const PROVIDER_PROMPT_MS = 45_000;
/** A payment the provider settled may still query as pending (or 4999) this long. */
const QUERY_LAG_MS = 3_000;

export type Outcome =
  | 'paid'
  | 'paid_wrong_amount'
  | 'insufficient_funds'
  | 'wrong_pin'
  | 'cancelled'
  | 'no_response';

/**
 * How queries answer while the provider itself is undecided (or for `QUERY_LAG_MS` after it
 * decided): pending, 4999 "still processing", or a failed request. `outage`: every query fails,
 * even for payments long settled.
 */
export type QueryStyle = 'pending' | 'processing' | 'error' | 'outage';
export const allQueryStyles: readonly QueryStyle[] = ['pending', 'processing', 'error', 'outage'];

export type InitiateBehaviour =
  | { readonly kind: 'accept' }
  /** The prompt is answered and its callback arrives before the initiate answer does. */
  | { readonly kind: 'callback_first'; readonly outcome: Outcome }
  | { readonly kind: 'refuse' }
  | { readonly kind: 'unavailable' }
  /** The answer times out (ambiguous) but the prompt went out. */
  | { readonly kind: 'timeout_pushed' }
  /** The answer times out (ambiguous) and nothing went out. */
  | { readonly kind: 'timeout_unsent' };

export interface Push {
  readonly paymentId: string;
  readonly providerRef: string;
  readonly callbackToken: string;
  readonly pushedAt: number;
  /** The kit received the initiate answer, so it knows the providerRef and can query it. */
  answered: boolean;
  outcome?: Outcome;
  settledAt?: number;
  /** The provider told the kit this payment succeeded (a callback it acknowledged, or a query). */
  toldPaid: boolean;
  /** A query failed in an outage after the outcome was known: the kit could not learn it. */
  hiddenByOutage: boolean;
}

const callbackCodes: Record<Exclude<Outcome, 'paid' | 'paid_wrong_amount'>, [number, string]> = {
  insufficient_funds: [1, 'The balance is insufficient for the transaction.'],
  wrong_pin: [2001, 'The initiator information is invalid.'],
  cancelled: [1032, 'Request Cancelled by user.'],
  no_response: [1037, 'No response from user.'],
};

const queryVerdicts: Record<
  Outcome,
  { status: PaymentStatus; reason?: FailureReason; code: string; shillings?: number }
> = {
  paid: { status: 'completed', code: '0', shillings: SHILLINGS },
  // Assumption: a query reports the amount the provider settled (the scripted adapter's query
  // does; Daraja's STK query does not carry one).
  paid_wrong_amount: { status: 'completed', code: '0', shillings: WRONG_SHILLINGS },
  insufficient_funds: { status: 'failed', reason: 'insufficient_funds', code: '1' },
  wrong_pin: { status: 'failed', reason: 'wrong_pin', code: '2001' },
  cancelled: { status: 'cancelled', reason: 'cancelled_by_user', code: '1032' },
  no_response: { status: 'expired', reason: 'no_response', code: '1037' },
};

function callbackBody(push: Push): string {
  const outcome = push.outcome;
  if (outcome === undefined) throw new Error(`push ${push.paymentId} is not settled`);
  if (outcome === 'paid') return darajaSuccess(push.providerRef, SHILLINGS);
  if (outcome === 'paid_wrong_amount') return darajaSuccess(push.providerRef, WRONG_SHILLINGS);
  const [code, description] = callbackCodes[outcome];
  return darajaFailure(push.providerRef, code, description);
}

export const isSettled = (push: Push) => push.outcome !== undefined;
export const isPaid = (outcome: Outcome | undefined) =>
  outcome === 'paid' || outcome === 'paid_wrong_amount';

export function createProviderModel(clock: FakeClock, kit: () => Lipwa) {
  const adapter = createScriptedAdapter();
  const pushes: Push[] = [];
  const byRef = new Map<string, Push>();
  let counter = 0;
  let nextInitiate: InitiateBehaviour = { kind: 'accept' };
  let queryStyle: QueryStyle = 'pending';

  /** The provider decides once; later answers only repeat it. */
  function settle(push: Push, outcome: Outcome): void {
    if (push.outcome !== undefined) return;
    push.outcome = outcome;
    push.settledAt = clock.now();
  }

  /** Sends the callback of what the provider decided; the kit must acknowledge it. */
  async function deliver(push: Push): Promise<void> {
    const answer = await kit().handleCallback('daraja', push.callbackToken, {
      headers: {},
      rawBody: callbackBody(push),
    });
    if (answer.status !== 200) {
      throw new Error(`callback for ${push.paymentId} answered ${answer.status}`);
    }
    if (isPaid(push.outcome)) push.toldPaid = true;
  }

  adapter.onInitiate = async (request) => {
    const behaviour = nextInitiate;
    if (behaviour.kind === 'refuse') {
      throw new ProviderError('provider_rejected', 'Daraja refused the request (400).', {
        providerCode: '400.002.02',
        reason: 'provider_error',
      });
    }
    if (behaviour.kind === 'unavailable' || behaviour.kind === 'timeout_unsent') {
      throw new ProviderError('provider_unavailable', 'Daraja did not answer.', {
        retryable: true,
        ambiguous: behaviour.kind === 'timeout_unsent',
      });
    }
    counter += 1;
    const push: Push = {
      paymentId: request.paymentId,
      providerRef: `ws_CO_0103202509000${counter}`,
      callbackToken: callbackPath(request.callbackUrl).token,
      pushedAt: clock.now(),
      answered: false,
      toldPaid: false,
      hiddenByOutage: false,
    };
    pushes.push(push);
    byRef.set(push.providerRef, push);
    if (behaviour.kind === 'timeout_pushed') {
      throw new ProviderError('provider_unavailable', 'Daraja timed out.', {
        retryable: true,
        ambiguous: true,
      });
    }
    if (behaviour.kind === 'callback_first') {
      settle(push, behaviour.outcome);
      await deliver(push);
    }
    push.answered = true;
    return { providerRef: push.providerRef, next: { type: 'stk' } };
  };

  adapter.onQuery = async (providerRef): Promise<StatusUpdate> => {
    const push = byRef.get(providerRef);
    const settledAt = push?.settledAt;
    const known = settledAt !== undefined && clock.now() >= settledAt + QUERY_LAG_MS;
    if (queryStyle === 'outage') {
      if (push && known) push.hiddenByOutage = true;
      throw new ProviderError('provider_unavailable', 'Daraja is down (503).', { retryable: true });
    }
    if (!push?.outcome || !known) {
      if (queryStyle === 'error') {
        throw new ProviderError('provider_unavailable', 'Daraja answered 503.', {
          retryable: true,
        });
      }
      return queryStyle === 'processing'
        ? {
            providerRef,
            status: 'pending',
            providerCode: '4999',
            message: 'The transaction is still under processing',
          }
        : { providerRef, status: 'pending' };
    }
    const verdict = queryVerdicts[push.outcome];
    if (isPaid(push.outcome)) push.toldPaid = true;
    return {
      providerRef,
      status: verdict.status,
      providerCode: verdict.code,
      ...(verdict.reason ? { reason: verdict.reason } : {}),
      ...(verdict.shillings === undefined
        ? {}
        : {
            receipt: `NLJ7RT6${push.providerRef.slice(-3)}`,
            amount: { amount: verdict.shillings * 100, currency: 'KES' },
          }),
    };
  };

  return {
    adapter,
    pushes,
    settle,
    deliver,
    set nextInitiate(behaviour: InitiateBehaviour) {
      nextInitiate = behaviour;
    },
    set queryStyle(style: QueryStyle) {
      queryStyle = style;
    },
    /** Prompts nobody answered close by themselves; their 1037 callback may be lost. */
    async closeOverduePrompts(sendCallback: boolean): Promise<void> {
      for (const push of pushes) {
        if (push.outcome !== undefined || clock.now() < push.pushedAt + PROVIDER_PROMPT_MS) {
          continue;
        }
        settle(push, 'no_response');
        if (sendCallback) await deliver(push);
      }
    },
    isOpen(push: Push): boolean {
      return push.outcome === undefined && clock.now() < push.pushedAt + PROVIDER_PROMPT_MS;
    },
  };
}

export type ProviderModel = ReturnType<typeof createProviderModel>;
