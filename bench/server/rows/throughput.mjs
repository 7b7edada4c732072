/**
 * Throughput rows under autocannon: status reads, GET /session, first callbacks (at a given count
 * of stored payments), duplicate callbacks on one payment and initiations (`POST /payments`, the
 * Daraja adapter calling the simulator in another process), each beside bare Express in the same
 * round (for initiations: a route making the same provider call to the same simulator). Every answer that is not 2xx and every socket error is counted; a sample with any is
 * marked, never silently reported as throughput.
 */
import autocannon from 'autocannon';
import { startSimulator } from '../start-simulator.mjs';
import { startTarget } from '../start-target.mjs';

// Not a magic number: its prompt waits (60 s) for an answer, so no callback lands during a row.
const phoneFor = (i) => `254722${String(i % 1_000_000).padStart(6, '0')}`;

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
  if (scenario === 'initiate') {
    // One fresh session (its own reference) per request, as each customer's checkout has.
    let next = 0;
    delete options.duration;
    options.amount = amount;
    options.requests = [
      {
        setupRequest: (req) => {
          const i = next++;
          return {
            ...req,
            method: 'POST',
            path: '/lipwa/payments',
            headers: {
              authorization: `Bearer ${target.sessionTokens?.[i] ?? 'x'}`,
              'content-type': 'application/json',
              origin: 'https://shop.example',
            },
            body: JSON.stringify({ phone: phoneFor(i) }),
          };
        },
      },
    ];
  } else if (countBounded(scenario)) {
    // Bounded by count, not time: `callback` gives each payment its first (accepted) callback
    // once; `duplicate` sends the same count, all for one payment (the first completes it).
    let next = 0;
    delete options.duration;
    options.amount = amount;
    options.requests = [
      { setupRequest: (req) => ({ ...req, ...post(scenario === 'duplicate' ? 0 : next++) }) },
    ];
  }
  return run(options);
}

const run = (options) =>
  new Promise((done, fail) => {
    const started = performance.now();
    let lastAnswer = started;
    const instance = autocannon(options, (error, result) =>
      error ? fail(error) : done({ ...result, answeredMs: lastAnswer - started }),
    );
    // autocannon notices a count-bounded run is over on its one-second tick, so its own
    // start/finish round the time up to whole seconds (300 callbacks answered in 0.3 s read as
    // 297/s, in 1.1 s as 149/s); the last answer's arrival is the run's real end.
    instance.on('response', () => {
      lastAnswer = performance.now();
    });
  });

/**
 * Reads are measured on a warm process: `warmup` seconds of the same load first, not counted
 * (a fresh process compiles its hot path during the first second; with 50 connections queued
 * behind it, that second alone made the p99). Count-bounded scenarios use each payment once.
 */
async function measure(target, scenario, options) {
  if (!countBounded(scenario) && options.warmup > 0) {
    await load(target, scenario, { ...options, duration: options.warmup });
  }
  return load(target, scenario, options);
}

const countBounded = (scenario) =>
  scenario === 'callback' || scenario === 'duplicate' || scenario === 'initiate';

function sample(result, bounded) {
  const seconds = result.answeredMs / 1000;
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
  const initiating = scenario === 'initiate';
  const targetPayments = scenario === 'callback' ? payments : initiating ? 0 : 1;
  const options = { ...loadOptions, amount: payments };
  const samples = {};
  // Initiations: one simulator process for the round, called by the baseline and every kit.
  const simulator = initiating ? await startSimulator(0) : undefined;
  const provider = simulator ? { provider: 'daraja', simulatorUrl: simulator.url } : {};
  try {
    const baseline = await startTarget({ kind: 'express', payments: targetPayments, ...provider });
    samples.express = sample(await measure(baseline, scenario, options), bounded);
    await baseline.stop();
    for (const kit of kits) {
      const target = await startTarget({
        kind: 'kit',
        dist: kit.dist,
        store,
        payments: targetPayments,
        seed,
        ...(initiating ? { ...provider, sessions: payments } : {}),
      });
      const result = sample(await measure(target, scenario, options), bounded);
      samples[kit.label] = { ...result, seedMs: target.seedMs };
      await target.stop();
    }
  } finally {
    await simulator?.stop();
  }
  return samples;
}
