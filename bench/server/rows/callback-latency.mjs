/**
 * Callback -> the new status read by a client: with a status stream held (the event's arrival),
 * and with the widget's polling fallback (GET /payments/:id every 2 s, its default), one payment
 * at a time and many at once, beside bare Express doing the same (parse, write to the SSE
 * response it holds). Callback answers that are not 2xx and clients that never see the status
 * are counted.
 */
import { openStream } from '../sse-client.mjs';
import { startTarget } from '../start-target.mjs';
import { percentile, pool } from '../stats.mjs';

const POLL_INTERVAL_MS = 2_000;
const STREAM_TIMEOUT_MS = 10_000;

const callback = (target, i) =>
  fetch(`http://127.0.0.1:${target.port}${target.callbackPaths[i]}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      updates: [
        {
          providerRef: target.refs[i],
          status: 'completed',
          amount: { amount: 150000, currency: 'KES' },
        },
      ],
    }),
  }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });

async function viaStream(target, i, outcome) {
  let seen;
  const completed = new Promise((resolve) => (seen = resolve));
  let opened = false;
  let markOpen;
  const first = new Promise((resolve) => (markOpen = resolve));
  const stream = await openStream(
    {
      port: target.port,
      path: `/lipwa/payments/${target.paymentIds[i]}/events`,
      token: target.tokens[i],
    },
    (view) => {
      if (!opened) {
        opened = true;
        markOpen();
      }
      if (view.status === 'completed') seen(performance.now());
    },
  );
  await first;
  const started = performance.now();
  const status = await callback(target, i);
  if (status < 200 || status > 299) outcome.non2xx += 1;
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, STREAM_TIMEOUT_MS)));
  const at = await Promise.race([completed, timeout]);
  clearTimeout(timer);
  stream.close();
  if (at === undefined) outcome.missed += 1;
  else outcome.latencies.push(at - started);
}

async function viaPolling(target, i, outcome) {
  const headers = { authorization: `Bearer ${target.tokens[i]}`, origin: 'https://shop.example' };
  const url = `http://127.0.0.1:${target.port}/lipwa/payments/${target.paymentIds[i]}`;
  // The callback lands at a spread offset inside the widget's poll interval, not at a poll.
  const offset = (i * 617) % POLL_INTERVAL_MS;
  let sentAt;
  const sent = new Promise((resolve) => setTimeout(resolve, offset)).then(async () => {
    sentAt = performance.now();
    const status = await callback(target, i);
    if (status < 200 || status > 299) outcome.non2xx += 1;
  });
  for (let polls = 0; polls < 10; polls += 1) {
    const response = await fetch(url, { headers });
    const body = await response.json();
    if (!response.ok) outcome.non2xx += 1;
    if (body.payment?.status === 'completed' && sentAt !== undefined) {
      outcome.latencies.push(performance.now() - sentAt);
      await sent;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  await sent;
  outcome.missed += 1;
}

/** One server (`spec`), `payments` payments, `concurrency` at once, by stream or by polling. */
export async function callbackLatency(spec, { payments, concurrency, mode }) {
  const target = await startTarget({ ...spec, payments });
  const outcome = { latencies: [], non2xx: 0, missed: 0, errors: 0 };
  const follow = mode === 'poll' ? viaPolling : viaStream;
  await pool(payments, concurrency, (i) =>
    follow(target, i, outcome).catch(() => {
      outcome.errors += 1;
    }),
  );
  await target.stop();
  return {
    p50: percentile(outcome.latencies, 50),
    p99: percentile(outcome.latencies, 99),
    count: outcome.latencies.length,
    sent: payments,
    non2xx: outcome.non2xx,
    missed: outcome.missed,
    errors: outcome.errors,
  };
}
