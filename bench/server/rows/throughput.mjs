/**
 * Throughput rows under autocannon: status reads, GET /session, first callbacks (at a given count
 * of stored payments) and duplicate callbacks on one payment, each beside bare Express in the same
 * round. Every answer that is not 2xx and every socket error is counted; a sample with any is
 * marked, never silently reported as throughput.
 */
import autocannon from 'autocannon';
import { startTarget } from '../start-target.mjs';

const callbackBody = (ref) =>
  JSON.stringify({
    updates: [
      { providerRef: ref, status: 'completed', amount: { amount: 150000, currency: 'KES' } },
    ],
  });

function load(target, scenario, { connections, duration, amount }) {
  const url = `http://127.0.0.1:${target.port}`;
  const auth = { authorization: `Bearer ${target.tokens[0]}`, origin: 'https://shop.example' };
  const options = { url, connections, duration };
  const post = (i) => ({
    method: 'POST',
    path: target.callbackPaths[i % target.callbackPaths.length],
    headers: { 'content-type': 'application/json' },
    body: callbackBody(target.refs[i % target.refs.length]),
  });
  if (scenario === 'status')
    options.requests = [
      { method: 'GET', path: `/lipwa/payments/${target.paymentIds[0]}`, headers: auth },
    ];
  if (scenario === 'session')
    options.requests = [{ method: 'GET', path: '/lipwa/session', headers: auth }];
  if (countBounded(scenario)) {
    // Bounded by count, not time: `callback` gives each payment its first (accepted) callback
    // once; `duplicate` sends the same count, all for one payment (the first completes it).
    let next = 0;
    delete options.duration;
    options.amount = amount;
    options.requests = [
      { setupRequest: (req) => ({ ...req, ...post(scenario === 'duplicate' ? 0 : next++) }) },
    ];
  }
  return new Promise((done, fail) =>
    autocannon(options, (error, result) => (error ? fail(error) : done(result))),
  );
}

const countBounded = (scenario) => scenario === 'callback' || scenario === 'duplicate';

function sample(result, bounded) {
  const seconds = (result.finish - result.start) / 1000;
  return {
    rps: bounded ? result.requests.total / seconds : result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

/**
 * One measurement of `scenario` on `store`: the baseline then each kit, fresh processes each.
 * `payments`: pending payments to call back; `seed`: settled payments stored beforehand.
 */
export async function throughputRound({
  scenario,
  store,
  kits,
  payments,
  seed,
  load: loadOptions,
}) {
  const bounded = countBounded(scenario);
  const targetPayments = scenario === 'callback' ? payments : 1;
  const options = { ...loadOptions, amount: payments };
  const samples = {};
  const baseline = await startTarget({ kind: 'express', payments: targetPayments });
  samples.express = sample(await load(baseline, scenario, options), bounded);
  await baseline.stop();
  for (const kit of kits) {
    const target = await startTarget({
      kind: 'kit',
      dist: kit.dist,
      store,
      payments: targetPayments,
      seed,
    });
    const result = sample(await load(target, scenario, options), bounded);
    samples[kit.label] = { ...result, seedMs: target.seedMs };
    await target.stop();
  }
  return samples;
}
