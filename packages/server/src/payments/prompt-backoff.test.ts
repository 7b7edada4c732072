import { recordingLogger } from '@lipwa/core/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryLimitStore } from '../limits/memory-limit-store.js';
import type { PaymentFinalEvent } from '../options.js';
import type { PaymentRecord } from '../stores/payment-record.js';
import { type AttemptLimitSettings, createAttemptLimits } from './attempt-limits.js';
import { withPromptBackoff } from './prompt-backoff.js';

const PHONE = '254712345678';

function world() {
  const settings: AttemptLimitSettings = {
    windowMs: 60_000,
    maxPerSession: 100,
    maxPerPhone: 100,
    maxPerClient: 100,
    phoneWindows: [{ max: 3, windowMs: 10 * 60_000 }],
    store: createMemoryLimitStore(),
  };
  const heard: string[] = [];
  const records = { get: async (id: string) => ({ id, phone: PHONE }) as unknown as PaymentRecord };
  const onFinal = withPromptBackoff(
    { store: records, limits: settings, extraPoints: 1, logger: recordingLogger() },
    (event) => {
      heard.push(event.payment.id);
    },
  );
  const limits = createAttemptLimits(settings, { now: () => Date.now() });
  const final = (id: string, reason: string) =>
    onFinal({
      type: 'payment.final',
      payment: { id, reason },
      reference: id,
      status: 'failed',
    } as unknown as PaymentFinalEvent);
  return { limits, final, heard };
}

describe('the prompt back-off', () => {
  it('leaves a phone alone sooner after a prompt was cancelled', async () => {
    const { limits, final, heard } = world();
    await limits.checkPrompt('order-1', PHONE);
    await final('order-1', 'cancelled_by_user');
    // The cancelled prompt cost 2 of 3: one more prompt, then refusal.
    await limits.checkPrompt('order-2', PHONE);
    await expect(limits.checkPrompt('order-3', PHONE)).rejects.toMatchObject({
      code: 'rate_limited',
    });
    expect(heard).toEqual(['order-1']);
  });

  it('charges nothing extra after a prompt failed for another reason', async () => {
    const { limits, final } = world();
    await limits.checkPrompt('order-1', PHONE);
    await final('order-1', 'insufficient_funds');
    await limits.checkPrompt('order-2', PHONE);
    await expect(limits.checkPrompt('order-3', PHONE)).resolves.toBeUndefined();
  });
});
