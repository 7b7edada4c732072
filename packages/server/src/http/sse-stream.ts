/**
 * Writes a payment's status as Server-Sent Events: the current view at once, then one event per
 * change, a `: ping` comment while quiet, and the end after a final status.
 */
import { createHash } from 'node:crypto';
import { isFinal, type PaymentView, StreamEvent } from '@lipwa/core';
import type { Response } from 'express';
import { joinPing } from './shared-ping.js';

export interface PaymentStreamOptions {
  readonly res: Response;
  /** Subscribes to changes; returns the unsubscribe function. */
  readonly subscribe: (listener: (view: PaymentView) => void) => () => void;
  /**
   * Reads the current view (after subscribing, so no change is missed in between), before any
   * header is written: if it throws (the payment is not this checkout's), nothing was sent and
   * the caller answers with the error. One store read per open.
   */
  readonly current: () => Promise<PaymentView | undefined>;
  readonly pingIntervalMs: number;
  /**
   * When the session behind the stream expires: the stream ends at the first ping after it
   * (no timer of its own), so a stream cannot outlive its token by more than one interval.
   */
  readonly endsAt?: { readonly ms: number; readonly now: () => number } | undefined;
  /** Called once when the stream ends, whoever ends it. */
  readonly onEnd: () => void;
}

const STREAM_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Type', 'text/event-stream; charset=utf-8'],
  ['Cache-Control', 'no-store'],
  ['Connection', 'keep-alive'],
  ['X-Accel-Buffering', 'no'],
];

/**
 * Starts streaming; returns a function that ends the stream (used on shutdown).
 *
 * What an open stream keeps is this function's closure context, so it is kept small (issue 10,
 * memory per open stream): `options` (and with it `current` and `subscribe`) is read here and
 * not captured, the queue of early views is dropped once the first view is sent, and the
 * last view sent is remembered by a SHA-1 digest of its JSON (28 characters, not ~550).
 */
export async function streamPayment(options: PaymentStreamOptions): Promise<() => void> {
  const { res, onEnd, endsAt } = options;
  let ended = false;
  let lastSentDigest = '';
  let queued: PaymentView[] | undefined = [];
  let leavePing = (): void => {};

  function end(): void {
    if (ended) return;
    ended = true;
    leavePing();
    unsubscribe();
    onEnd();
    res.end();
  }

  function send(view: PaymentView): void {
    if (ended) return;
    const data = JSON.stringify(view);
    const digest = createHash('sha1').update(data).digest('base64');
    if (digest === lastSentDigest) return;
    lastSentDigest = digest;
    res.write(`event: ${StreamEvent.Payment}\ndata: ${data}\n\n`);
    if (isFinal(view.status)) end();
  }

  const unsubscribe = options.subscribe((view) => {
    if (queued) queued.push(view);
    else send(view);
  });
  res.on('close', end);

  let view: PaymentView | undefined;
  try {
    view = await options.current();
  } catch (error) {
    // Refused before anything was written (not this checkout's payment...): the caller answers.
    res.off('close', end);
    if (!ended) {
      ended = true;
      unsubscribe();
      onEnd();
    }
    throw error;
  }
  if (ended) return end;

  res.statusCode = 200;
  for (const [name, value] of STREAM_HEADERS) res.setHeader(name, value);
  res.flushHeaders();
  leavePing = joinPing(options.pingIntervalMs, () => {
    if (ended) return;
    if (endsAt && endsAt.now() >= endsAt.ms) end();
    else res.write(': ping\n\n');
  });

  if (!view) {
    end();
    return end;
  }
  send(view);
  const early = queued;
  queued = undefined;
  for (const later of early) {
    if (later.updatedAt >= view.updatedAt) send(later);
  }
  return end;
}
