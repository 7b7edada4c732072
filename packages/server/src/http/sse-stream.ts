/**
 * Writes a payment's status as Server-Sent Events: the current view at once, then one event per
 * change, a `: ping` comment while quiet, and the end after a final status.
 */
import { isFinal, type PaymentView, StreamEvent } from '@lipwa/core';
import type { Response } from 'express';
import { joinPing } from './shared-ping.js';

export interface PaymentStreamOptions {
  readonly res: Response;
  /** Subscribes to changes; returns the unsubscribe function. */
  readonly subscribe: (listener: (view: PaymentView) => void) => () => void;
  /** Reads the current view (after subscribing, so no change is missed in between). */
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

/** Starts streaming; returns a function that ends the stream (used on shutdown). */
export async function streamPayment(options: PaymentStreamOptions): Promise<() => void> {
  const { res } = options;
  let ended = false;
  let lastSent = '';
  let initialSent = false;
  const queued: PaymentView[] = [];

  res.status(200);
  res.set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();

  const leavePing = joinPing(options.pingIntervalMs, () => {
    if (ended) return;
    const { endsAt } = options;
    if (endsAt && endsAt.now() >= endsAt.ms) end();
    else res.write(': ping\n\n');
  });

  function end(): void {
    if (ended) return;
    ended = true;
    leavePing();
    unsubscribe();
    options.onEnd();
    res.end();
  }

  function send(view: PaymentView): void {
    if (ended) return;
    const data = JSON.stringify(view);
    if (data === lastSent) return;
    lastSent = data;
    res.write(`event: ${StreamEvent.Payment}\ndata: ${data}\n\n`);
    if (isFinal(view.status)) end();
  }

  const unsubscribe = options.subscribe((view) => {
    if (initialSent) send(view);
    else queued.push(view);
  });
  res.on('close', end);

  const view = await options.current();
  if (!view) {
    end();
    return end;
  }
  send(view);
  initialSent = true;
  for (const later of queued) {
    if (later.updatedAt >= view.updatedAt) send(later);
  }
  return end;
}
