import { describe, expect, it } from 'vitest';
import { createCheckoutApi } from './api-client.js';
import type { CheckoutError } from './checkout-error.js';
import { followPayment } from './payment-follower.js';
import {
  createManualClock,
  createTestServer,
  paymentFixture,
  problem,
  TOKEN,
} from './test-server.js';

function setup(configure: (server: ReturnType<typeof createTestServer>) => void = () => {}) {
  const server = createTestServer();
  configure(server);
  const clock = createManualClock();
  const api = createCheckoutApi({ apiBase: '/lipwa', token: TOKEN, fetch: server.fetch });
  const statuses: string[] = [];
  const errors: CheckoutError[] = [];
  const stop = followPayment({
    api,
    paymentId: server.payment.id,
    scheduler: clock,
    onPayment: (payment) => statuses.push(payment.status),
    onError: (error) => errors.push(error),
  });
  const pollPath = `/payments/${server.payment.id}`;
  return { server, clock, statuses, errors, stop, pollPath };
}

describe('following a payment', () => {
  it('delivers every payment event from the stream and stops at the final one', async () => {
    const { server, statuses, clock } = setup();
    await expect.poll(() => server.streams.length).toBe(1);

    server.streams[0]?.sendPayment(paymentFixture());
    server.streams[0]?.write(': ping\n\n');
    server.streams[0]?.sendPayment(paymentFixture({ status: 'completed', receipt: 'NLJ7RT61SV' }));

    await expect.poll(() => statuses).toEqual(['pending', 'completed']);
    expect(clock.pending).toBe(0);
  });

  it('skips a malformed event instead of giving up', async () => {
    const { server, statuses } = setup();
    await expect.poll(() => server.streams.length).toBe(1);

    server.streams[0]?.write('event: payment\ndata: {not json\n\n');
    server.streams[0]?.sendPayment(paymentFixture({ status: 'failed', reason: 'wrong_pin' }));

    await expect.poll(() => statuses).toEqual(['failed']);
  });

  it('polls every 2 s while the stream is down and reopens it after 10 s', async () => {
    const { server, clock, pollPath } = setup((s) => {
      s.handlers.set('GET /events', () => problem('internal_error', 500));
    });

    await expect.poll(() => server.requestsTo('GET', pollPath).length).toBe(1);
    await expect.poll(() => clock.pending).toBe(1);
    await clock.advance(8000);
    expect(server.requestsTo('GET', pollPath)).toHaveLength(5);
    server.handlers.delete('GET /events');
    await clock.advance(2000);

    expect(server.streams).toHaveLength(1);
  });

  it('stops and reports when the session expires while polling', async () => {
    const { errors, clock } = setup((s) => {
      s.handlers.set('GET /events', () => problem('internal_error', 500));
      s.handlers.set('GET /payments/:id', () => problem('session_expired', 401));
    });

    await expect.poll(() => errors.map((e) => e.code)).toEqual(['session_expired']);
    expect(clock.pending).toBe(0);
  });

  it('does nothing more once stopped', async () => {
    const { server, stop, statuses, clock } = setup();
    await expect.poll(() => server.streams.length).toBe(1);

    stop();
    server.streams[0]?.sendPayment(paymentFixture({ status: 'completed' }));
    await clock.advance(10_000);

    expect(statuses).toEqual([]);
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
  });
});
