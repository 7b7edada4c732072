/**
 * Starting a payment when initiation fails: what the payment and the customer are left with for
 * each kind of failure.
 */
import { ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { setupKit } from '../testing/test-harness.js';
import { caught } from './test-caught.js';

describe('when initiation fails', () => {
  it('marks the attempt failed with provider_error, tells the hook once and answers provider_unavailable', async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja answered 503.', {
        details: { retryable: true },
      });
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toContain('could not start the payment');
    const paymentId = kit.adapter.initiated[0]?.paymentId ?? '';
    const record = await kit.store.get(paymentId);
    expect(record).toMatchObject({
      status: 'failed',
      reason: 'provider_error',
      decidedBy: 'server',
    });
    expect(kit.finals).toHaveLength(1);
    expect(kit.finals[0]).toMatchObject({ status: 'failed', reference: 'ORDER-1' });
  });

  it("keeps the provider's unreadable answer on the initiation_failed event for support, never completing", async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'The answer failed its schema.', {
        details: { rawAnswer: '{"ResponseCode":"0","Oops":true}' },
      });
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error.code).toBe('provider_unavailable');
    const paymentId = kit.adapter.initiated[0]?.paymentId ?? '';
    expect(await kit.store.get(paymentId)).toMatchObject({ status: 'failed' });
    const failed = (await kit.store.events(paymentId)).find(
      (event) => event.kind === 'initiation_failed',
    );
    expect(failed?.data).toMatchObject({ answer: '{"ResponseCode":"0","Oops":true}' });
  });

  it('keeps the failure reason the adapter gives, such as subscriber_busy', async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_rejected', 'The subscriber is busy.', {
        details: { reason: 'subscriber_busy', providerCode: '500.001.1001' },
      });
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error.code).toBe('provider_rejected');
    const record = await kit.store.get(kit.adapter.initiated[0]?.paymentId ?? '');
    expect(record).toMatchObject({
      status: 'failed',
      reason: 'subscriber_busy',
      providerCode: '500.001.1001',
    });
  });

  it('answers a ValidationError from the adapter as that 422 code and fails the attempt', async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ValidationError('invalid_amount', 'Daraja takes at most KES 250,000 per payment.', {
        details: { reason: 'amount_too_large' },
      });
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('invalid_amount');
    const record = await kit.store.get(kit.adapter.initiated[0]?.paymentId ?? '');
    expect(record).toMatchObject({ status: 'failed', reason: 'amount_too_large' });
  });

  it('after a timeout, blocks a new push until the prompt window has passed', async () => {
    const kit = setupKit({ reconcile: { promptTimeoutMs: 90_000 }, attemptCooldownMs: 5_000 });
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new ProviderError('provider_unavailable', 'Daraja did not answer within 15 s.', {
        details: { retryable: true, ambiguous: true },
      });
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));
    kit.clock.advance(10_000);
    const blocked = await caught(kit.startPayment(token, { phone: '0712345678' }));
    kit.clock.advance(80_000);
    kit.adapter.onInitiate = async () => ({ providerRef: 'ws_CO_2', next: { type: 'stk' } });
    const allowed = await kit.startPayment(token, { phone: '0712345678' });

    expect(error.message).toContain('may still reach your phone');
    expect(error.details.retryAfter).toBe(90);
    expect(blocked.code).toBe('attempt_cooldown');
    expect(blocked.details.retryAfter).toBe(80);
    expect(allowed.created).toBe(true);
  });

  it('answers an unexpected adapter crash as provider_unavailable and logs it as an error', async () => {
    const kit = setupKit();
    const token = await kit.session();
    kit.adapter.onInitiate = async () => {
      throw new TypeError('Cannot read properties of undefined');
    };

    const error = await caught(kit.startPayment(token, { phone: '0712345678' }));

    expect(error.code).toBe('provider_unavailable');
    expect(error.message).not.toContain('Cannot read');
    expect(kit.logger.entries.some((entry) => entry.level === 'error')).toBe(true);
  });
});
