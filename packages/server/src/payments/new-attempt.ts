/** The record of a new attempt, before the provider has been asked anything. */
import { randomUUID } from 'node:crypto';
import type { CheckoutSession } from '@lipwa/core';
import type { PaymentRecord } from '../stores/payment-record.js';
import { hashCallbackToken } from './callback-token.js';
import type { StartRequest } from './start-request.js';

export interface NewAttemptInput {
  readonly session: CheckoutSession;
  readonly request: StartRequest;
  readonly idempotencyKey: string | undefined;
  /** The per-payment callback token; only its hash is stored. */
  readonly callbackToken: string;
  readonly now: number;
  readonly reconcile: { readonly promptTimeoutMs: number; readonly firstQueryAfterMs: number };
}

export function newAttempt(input: NewAttemptInput): PaymentRecord {
  const { session, request, now, reconcile } = input;
  return {
    id: `pay_${randomUUID().replaceAll('-', '')}`,
    sessionId: session.id,
    provider: request.provider.id,
    status: 'pending',
    amount: session.amount,
    reference: session.reference,
    description: session.description,
    phone: request.phone,
    callbackTokenHash: hashCallbackToken(input.callbackToken),
    idempotencyKey: input.idempotencyKey,
    idempotencyFingerprint: input.idempotencyKey ? request.fingerprint : undefined,
    createdAt: now,
    updatedAt: now,
    promptExpiresAt: now + reconcile.promptTimeoutMs,
    nextQueryAt: now + reconcile.firstQueryAfterMs,
    queryCount: 0,
    version: 1,
  };
}
