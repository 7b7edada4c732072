/**
 * Every provider's pending prompts, in one place the virtual phone and the control API read.
 * A provider simulator opens a prompt with a `settle` function that says an outcome in its own
 * codes; the book settles it once: by a magic number after the auto-resolve delay, by the
 * virtual phone or the control API, or as `no_response` when the prompt times out.
 */
import { LipwaError, maskMsisdn } from '@lipwa/core';
import { magicOutcome, type Outcome } from './outcomes.js';
import type { Scheduler } from './scheduler.js';

/** A pending prompt, as the virtual phone and `GET /_control/prompts` show it. */
export interface PhonePrompt {
  /** The provider's own id for the request (Daraja's CheckoutRequestID, Cashfin's reference, …). */
  readonly id: string;
  readonly provider: string;
  /** International form, `2547…`. */
  readonly phone: string;
  /** Major units, as the provider's request said (e.g. `150` or `150.00`). */
  readonly amount: string;
  readonly currency: string;
  /** Who is asking: Daraja's shortcode, Cashfin's business name, … */
  readonly payee: string;
  readonly reference: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface PromptRequest {
  readonly id: string;
  readonly provider: string;
  readonly phone: string;
  readonly amount: string;
  readonly currency: string;
  readonly payee: string;
  readonly reference: string;
  /**
   * Kept off the virtual phone (`list()`) and never settled by a magic number or a timeout: for
   * requests with no phone behind them, such as CashPay's hosted-page charges, which only their
   * own page or the control API (`answer`) settles.
   */
  readonly hidden?: boolean | undefined;
  /**
   * Says the outcome in the provider's codes: records it for status queries and sends the
   * callback `callbacks` times (0 for a lost callback). Resolves when immediate deliveries end.
   */
  readonly settle: (outcome: Outcome, callbacks: 0 | 1 | 2) => Promise<unknown>;
}

export interface PhoneBook {
  /** Opens a prompt; magic numbers settle by themselves, others wait for the phone or time out. */
  open(request: PromptRequest): PhonePrompt;
  /** Settles a pending prompt with an outcome (the virtual phone, `POST /_control/prompts/:id/answer`). */
  answer(id: string, outcome: Outcome): Promise<unknown>;
  /** Removes a prompt without settling it (a provider settled it by other means). */
  close(id: string): void;
  list(): PhonePrompt[];
  get(id: string): PhonePrompt | undefined;
  reset(): void;
}

interface Entry {
  readonly prompt: PhonePrompt;
  readonly request: PromptRequest;
  cancelTimer: () => void;
}

export interface PhoneBookOptions {
  readonly scheduler: Scheduler;
  readonly autoResolveDelayMs: number;
  readonly promptTimeoutMs: number;
  readonly log: (line: string) => void;
}

export function createPhoneBook(options: PhoneBookOptions): PhoneBook {
  const { scheduler } = options;
  const entries = new Map<string, Entry>();
  const answered = new Set<string>();
  const key = (provider: string, id: string) => `${provider}\u0000${id}`;

  function take(id: string): Entry | undefined {
    for (const [k, entry] of entries) {
      if (entry.prompt.id === id) {
        entries.delete(k);
        entry.cancelTimer();
        return entry;
      }
    }
    return undefined;
  }

  function settle(id: string, outcome: Outcome, callbacks: 0 | 1 | 2): Promise<unknown> {
    const entry = take(id);
    if (!entry) return Promise.resolve(undefined);
    answered.add(id);
    options.log(
      `${entry.prompt.provider} ${id} ${maskMsisdn(entry.prompt.phone)} answered: ${outcome}`,
    );
    return entry.request.settle(outcome, callbacks);
  }

  return {
    open(request) {
      const now = scheduler.now();
      const prompt: PhonePrompt = {
        id: request.id,
        provider: request.provider,
        phone: request.phone,
        amount: request.amount,
        currency: request.currency,
        payee: request.payee,
        reference: request.reference,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + options.promptTimeoutMs).toISOString(),
      };
      const entry: Entry = { prompt, request, cancelTimer: () => {} };
      entries.set(key(request.provider, request.id), entry);
      // Hidden requests have no phone: only their provider's page or the control API settles them.
      const magic = magicOutcome(request.phone);
      if (!request.hidden) {
        entry.cancelTimer =
          magic?.kind === 'settle'
            ? scheduler.schedule(options.autoResolveDelayMs, () => {
                void settle(request.id, magic.outcome, magic.callbacks);
              })
            : scheduler.schedule(options.promptTimeoutMs, () => {
                void settle(request.id, 'no_response', 1);
              });
      }
      options.log(
        request.hidden
          ? `${request.provider} ${request.id} ${request.currency} ${request.amount} to ${request.payee}: awaiting an answer`
          : `${request.provider} ${request.id} ${request.currency} ${request.amount} to ${request.payee} from ${maskMsisdn(request.phone)}: prompt sent`,
      );
      return prompt;
    },
    answer(id, outcome) {
      if (answered.has(id)) {
        return Promise.reject(
          new LipwaError('illegal_transition', `Prompt "${id}" was already answered.`),
        );
      }
      if (![...entries.values()].some((entry) => entry.prompt.id === id)) {
        return Promise.reject(
          new LipwaError(
            'not_found',
            `No pending prompt has id "${id}" (unknown or already answered).`,
          ),
        );
      }
      return settle(id, outcome, 1);
    },
    close(id) {
      if (take(id)) answered.add(id);
    },
    list() {
      return [...entries.values()]
        .filter((entry) => !entry.request.hidden)
        .map((entry) => entry.prompt)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    get(id) {
      return [...entries.values()].find((entry) => entry.prompt.id === id)?.prompt;
    },
    reset() {
      for (const entry of entries.values()) entry.cancelTimer();
      entries.clear();
      answered.clear();
    },
  };
}
