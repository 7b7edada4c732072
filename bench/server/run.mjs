/**
 * Server kit benchmarks: every figure beside a baseline measured in the same run (bare Express
 * doing the same I/O), as a ratio; medians of interleaved rounds. Loopback only, bounded in time.
 *
 *   node server/run.mjs                      # the kit as built (packages/server/dist)
 *   KITS=before=.before-server-dist,after=../packages/server/dist node server/run.mjs
 *   ROUNDS=3 DURATION=3 CONNECTIONS=50 PAYMENTS=300 SCENARIOS=status,session,callback,duplicate
 */
import { fork } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = resolve(here, '..');
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DURATION = Number(process.env.DURATION ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const PAYMENTS = Number(process.env.PAYMENTS ?? 300);
const SCENARIOS = (process.env.SCENARIOS ?? 'status,session,callback,duplicate').split(',');
const STORES = (process.env.STORES ?? 'memory,file').split(',');
const KITS = (process.env.KITS ?? 'kit=../packages/server/dist').split(',').map((pair) => {
  const [label, path] = pair.split('=');
  return { label, dist: resolve(benchDir, path) };
});

function start(kind, dist, store, payments) {
  const child = fork(
    resolve(here, 'target.mjs'),
    [kind, dist ?? '-', store ?? '-', String(payments)],
    {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolveReady, reject) => {
    child.once('message', (ready) => resolveReady({ ...ready, stop: () => child.disconnect() }));
    child.once('exit', (code) => reject(new Error(`target exited ${code}`)));
  });
}

const callbackBody = (ref) =>
  JSON.stringify({
    updates: [
      { providerRef: ref, status: 'completed', amount: { amount: 150000, currency: 'KES' } },
    ],
  });

function load(target, scenario) {
  const url = `http://127.0.0.1:${target.port}`;
  const auth = { authorization: `Bearer ${target.token}`, origin: 'https://shop.example' };
  const options = { url, connections: CONNECTIONS, duration: DURATION };
  if (scenario === 'status')
    options.requests = [
      { method: 'GET', path: `/lipwa/payments/${target.paymentId}`, headers: auth },
    ];
  if (scenario === 'session')
    options.requests = [{ method: 'GET', path: '/lipwa/session', headers: auth }];
  const post = (i) => ({
    method: 'POST',
    path: target.callbackPaths[i % target.callbackPaths.length],
    headers: { 'content-type': 'application/json' },
    body: callbackBody(target.refs?.[i % target.callbackPaths.length] ?? 'ref'),
  });
  if (scenario === 'duplicate') options.requests = [post(0)];
  if (scenario === 'callback') {
    // Each payment gets its first (accepted) callback once; bounded by count, not time.
    let next = 0;
    delete options.duration;
    options.amount = target.callbackPaths.length;
    options.requests = [{ setupRequest: (req) => ({ ...req, ...post(next++) }) }];
  }
  const started = performance.now();
  return new Promise((done, fail) =>
    autocannon(options, (error, result) =>
      error ? fail(error) : done({ ...result, elapsedMs: performance.now() - started }),
    ),
  );
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = new Map();
function record(key, result) {
  const row = rows.get(key) ?? [];
  row.push({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  });
  rows.set(key, row);
}

for (let round = 0; round < ROUNDS; round += 1) {
  for (const scenario of SCENARIOS) {
    const stores = scenario === 'session' ? ['memory'] : STORES;
    for (const store of stores) {
      const payments = scenario === 'callback' ? PAYMENTS : 1;
      // Interleaved: baseline, then each kit, inside one round.
      const baseline = await start('express', undefined, undefined, 1);
      if (scenario === 'callback')
        baseline.callbackPaths = Array(payments).fill(baseline.callbackPaths[0]);
      const base = await load(baseline, scenario);
      baseline.stop();
      record(`${scenario}|${store}|express`, base);
      for (const kit of KITS) {
        const target = await start('kit', kit.dist, store, payments);
        const result = await load(target, scenario);
        target.stop();
        record(`${scenario}|${store}|${kit.label}`, result);
        // Callbacks bounded by count: compare throughput as count / elapsed time.
        if (scenario === 'callback') {
          rows.get(`${scenario}|${store}|${kit.label}`).at(-1).rps =
            result.requests.total / ((result.finish - result.start) / 1000);
          rows.get(`${scenario}|${store}|express`).at(-1).rps =
            base.requests.total / ((base.finish - base.start) / 1000);
        }
      }
    }
  }
  process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
}

console.log(
  `| scenario | store | server | req/s | ratio vs Express | p50 ms | p99 ms | p99 vs Express | errors+non2xx |`,
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [key, samples] of rows) {
  const [scenario, store, server] = key.split('|');
  const base = rows.get(`${scenario}|${store}|express`);
  const pick = (list, field) => median(list.map((s) => s[field]));
  const rps = pick(samples, 'rps');
  const p99 = pick(samples, 'p99');
  const ratios = samples.map((s, i) => s.rps / base[i].rps);
  console.log(
    `| ${scenario} | ${store} | ${server} | ${Math.round(rps)} | ${median(ratios).toFixed(2)}x | ${pick(samples, 'p50')} | ${p99} | ${(p99 / pick(base, 'p99')).toFixed(1)}x | ${samples.reduce((n, s) => n + s.errors, 0)} |`,
  );
}
