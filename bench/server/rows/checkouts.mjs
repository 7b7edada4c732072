/**
 * Concurrent checkouts end to end against the provider simulator (another process, Daraja API,
 * a magic number that pays after `approveMs`): POST /sessions, POST /payments, open the status
 * stream, the simulator's callback, the final event. Counts every step that fails; the callback
 * ack times are measured inside the kit's process (arrival to last byte of the answer).
 */
import { openStream } from '../sse-client.mjs';
import { startSimulator } from '../start-simulator.mjs';
import { startTarget } from '../start-target.mjs';
import { percentile, pool } from '../stats.mjs';

const PAID_PHONE = '254711000000';
const FINAL_TIMEOUT_MS = 60_000;

async function checkout(target, i, outcome) {
  const base = `http://127.0.0.1:${target.port}/lipwa`;
  const started = performance.now();
  const session = await fetch(`${base}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
    body: JSON.stringify({ reference: `E2E-${i}` }),
  });
  if (session.status !== 201) throw new Error(`session ${session.status}`);
  const { token } = await session.json();
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    origin: 'https://shop.example',
  };
  const initiated = await fetch(`${base}/payments`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ phone: PAID_PHONE }),
  });
  const body = await initiated.json();
  if (!initiated.ok) throw new Error(`initiate ${initiated.status} ${body.code ?? ''}`);
  let done;
  const final = new Promise((resolveFinal) => (done = resolveFinal));
  const stream = await openStream(
    { port: target.port, path: `/lipwa/payments/${body.payment.id}/events`, token },
    (view) => {
      if (view.status !== 'pending') done(view.status);
    },
  );
  let timer;
  const status = await Promise.race([
    final,
    new Promise((r) => (timer = setTimeout(r, FINAL_TIMEOUT_MS, 'timeout'))),
  ]);
  clearTimeout(timer);
  stream.close();
  if (status !== 'completed') throw new Error(`final ${status}`);
  outcome.totals.push(performance.now() - started);
}

export async function checkouts({ dist, store, count, concurrency, approveMs }) {
  const simulator = await startSimulator(approveMs);
  const target = await startTarget({
    kind: 'kit',
    dist,
    store,
    provider: 'daraja',
    simulatorUrl: simulator.url,
  });
  const outcome = { totals: [], errors: new Map() };
  const started = performance.now();
  await pool(count, concurrency, (i) =>
    checkout(target, i, outcome).catch((error) => {
      const key = String(error.message ?? error);
      outcome.errors.set(key, (outcome.errors.get(key) ?? 0) + 1);
    }),
  );
  const elapsedMs = performance.now() - started;
  const acks = await target.ask('acks');
  const deliveries = await simulator.deliveries();
  await target.stop();
  await simulator.stop();
  const ackMs = acks.map((a) => a.ms);
  return {
    completed: outcome.totals.length,
    errors: [...outcome.errors].map(([why, n]) => `${n}× ${why}`),
    elapsedMs,
    p50: percentile(outcome.totals, 50),
    p99: percentile(outcome.totals, 99),
    acks: acks.length,
    ackNon2xx: acks.filter((a) => a.status < 200 || a.status > 299).length,
    ackP50: percentile(ackMs, 50),
    ackP99: percentile(ackMs, 99),
    // The simulator's own count: callbacks it could not deliver (refused, reset, 5xx).
    deliveries: deliveries.total,
    deliveriesFailed: deliveries.failed,
    deliveryFailures: Object.entries(deliveries.reasons ?? {}).map(([why, n]) => `${n}× ${why}`),
  };
}
