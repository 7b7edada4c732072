/**
 * Server kit benchmarks (issue 10): every figure beside a baseline measured in the same run, as a
 * ratio, with the goal met or not. Loopback only; every row bounded in count and time.
 *
 *   node server/run.mjs                      # every row, the kit as built (packages/server/dist)
 *   SMOKE=1 node server/run.mjs              # tiny counts: checks every row still runs (< 30 s)
 *   DOCS_OUT=../docs/performance.md         # a full run also writes its tables there
 *   ROWS=throughput,seeded,streams,latency,polling,checkouts STORES=memory,file,postgres
 *   KITS=before=.before-server-dist,after=../packages/server/dist ROUNDS=3 DURATION=3 WARMUP=1
 *   CONNECTIONS=50 PAYMENTS=300 SEEDS=1000,100000 STREAM_LEVELS=1000,5000,10000
 *   LATENCY_PAYMENTS=1000 POLL_PAYMENTS=100 CHECKOUTS=1000 SCENARIOS=status,session,initiate,callback,duplicate
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { machineLine, writeLatestRun } from './latest-run-docs.mjs';
import {
  checkoutTable,
  duplicateTable,
  latencyTable,
  streamTable,
  throughputTable,
} from './report.mjs';
import { callbackLatency } from './rows/callback-latency.mjs';
import { checkouts } from './rows/checkouts.mjs';
import { descriptorLimit, streamMemory } from './rows/stream-memory.mjs';
import { throughputRound } from './rows/throughput.mjs';

const benchDir = resolve(import.meta.dirname, '..');
const smoke = process.env.SMOKE === '1';
// The settings given in the environment: a run with any of them is not a full run (DOCS_OUT).
const overridden = [];
const env = (name, full, tiny) => {
  if (process.env[name] !== undefined) overridden.push(name);
  return process.env[name] ?? (smoke ? tiny : full);
};
const list = (value) => String(value).split(',').filter(Boolean);
const ROWS = list(
  env(
    'ROWS',
    'throughput,seeded,streams,latency,polling,checkouts',
    'throughput,seeded,streams,latency,polling,checkouts',
  ),
);
const STORES = list(env('STORES', 'memory,file,postgres', 'memory,file,postgres'));
const ROUNDS = Number(env('ROUNDS', 3, 1));
const SCENARIOS = list(
  env(
    'SCENARIOS',
    'status,session,initiate,callback,duplicate',
    'status,session,initiate,callback,duplicate',
  ),
);
const load = {
  connections: Number(env('CONNECTIONS', 50, 5)),
  duration: Number(env('DURATION', 3, 0.3)),
  warmup: Number(env('WARMUP', 1, 0.1)),
};
const PAYMENTS = Number(env('PAYMENTS', 300, 10));
const SEEDS = list(env('SEEDS', '1000,100000', '100')).map(Number);
const STREAM_LEVELS = list(env('STREAM_LEVELS', '1000,5000,10000', '20,50')).map(Number);
const LATENCY_PAYMENTS = Number(env('LATENCY_PAYMENTS', 1000, 10));
const POLL_PAYMENTS = Number(env('POLL_PAYMENTS', 100, 4));
const CHECKOUTS = Number(env('CHECKOUTS', 1000, 10));
const KITS = list(env('KITS', 'kit=../packages/server/dist', 'kit=../packages/server/dist')).map(
  (pair) => {
    const [label, path] = pair.split('=');
    return { label, dist: resolve(benchDir, path) };
  },
);
const kitLabels = KITS.map((k) => k.label);
const dist = KITS.at(-1).dist;
const log = (line) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
// Anything a row counted as failed; the smoke run (part of `npm test`) fails on any of them.
const failures = [];
const check = (what, count) => count > 0 && failures.push(`${what}: ${count}`);
const failedSamples = (samples) =>
  Object.values(samples).reduce((n, s) => n + s.non2xx + s.errors, 0);
// What the run prints, kept for DOCS_OUT (a full run's tables written into the docs).
const printed = [];
const print = (text) => {
  printed.push(text);
  console.log(text);
};
const section = (title, table) => print(`\n#### ${title}\n\n${table}`);
const loadBefore = loadavg();
// Payments in the store before a throughput measure starts.
const stored = (scenario) =>
  scenario === 'callback' || scenario === 'duplicate' ? PAYMENTS : scenario === 'initiate' ? 0 : 1;

print(
  `Server bench: ${new Date().toISOString()}, Node ${process.version}, rounds ${ROUNDS}${smoke ? ' (SMOKE: tiny counts, figures mean nothing)' : ''}`,
);

if (ROWS.includes('throughput')) {
  const rows = new Map();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const scenario of SCENARIOS) {
      for (const store of scenario === 'session' ? ['memory'] : STORES) {
        const key = `${scenario}|${store}|${stored(scenario)}`;
        const samples = await throughputRound({
          scenario,
          store,
          kits: KITS,
          payments: PAYMENTS,
          seed: 0,
          load,
        });
        rows.set(key, [...(rows.get(key) ?? []), samples]);
        check(`${key} non-2xx/errors`, failedSamples(samples));
      }
    }
    log(`throughput round ${round + 1}/${ROUNDS} done`);
  }
  section(
    `Throughput (autocannon, ${load.connections} connections; reads ${load.duration} s after ${load.warmup} s not counted; initiations and callbacks ${PAYMENTS} each; medians of ${ROUNDS} interleaved rounds)`,
    throughputTable(rows, kitLabels),
  );
  section(
    'Duplicate callbacks on one payment vs the same count over distinct payments',
    duplicateTable(rows, kitLabels),
  );
}

if (ROWS.includes('seeded')) {
  const rows = new Map();
  for (const seed of SEEDS) {
    for (const store of STORES) {
      const samples = await throughputRound({
        scenario: 'callback',
        store,
        kits: KITS,
        payments: PAYMENTS,
        seed,
        load,
      });
      rows.set(`callback|${store}|${seed}`, [samples]);
      check(`callback ${store} ${seed} stored non-2xx/errors`, failedSamples(samples));
      log(`seeded ${store} ${seed}: seeding took ${Math.round(samples[kitLabels[0]].seedMs)} ms`);
    }
  }
  section(
    `First callbacks with settled payments already stored (${PAYMENTS} callbacks, one round)`,
    throughputTable(rows, kitLabels),
  );
}

if (ROWS.includes('streams')) {
  const points = await streamMemory({ dist, levels: STREAM_LEVELS });
  for (const { level, raw, express, kit } of points)
    check(`streams failed at ${level}`, raw.failed + express.failed + kit.failed);
  log('streams done');
  section(
    `Memory per open status stream (after a full GC; one payment, memory store; ulimit -n ${descriptorLimit()})`,
    streamTable(points),
  );
}

for (const mode of ['latency', 'polling']) {
  if (!ROWS.includes(mode)) continue;
  const payments = mode === 'latency' ? LATENCY_PAYMENTS : POLL_PAYMENTS;
  const results = [];
  for (const concurrency of [1, 50]) {
    const servers = [
      { server: 'express', store: '-', spec: { kind: 'express' } },
      ...STORES.map((store) => ({ server: 'kit', store, spec: { kind: 'kit', dist, store } })),
    ];
    for (const { server, store, spec } of servers) {
      // One at a time by polling waits ~1 s per payment: a fifth of the payments keeps it bounded.
      const count =
        mode === 'polling' && concurrency === 1 ? Math.max(2, Math.round(payments / 5)) : payments;
      const figures = await callbackLatency(spec, {
        payments: count,
        concurrency,
        mode: mode === 'latency' ? 'stream' : 'poll',
      });
      results.push({
        mode: mode === 'latency' ? 'stream' : 'poll (2 s)',
        concurrency,
        store,
        server,
        ...figures,
      });
      check(
        `${mode} ${concurrency} at once ${server} ${store} non-2xx/missed/errors`,
        figures.non2xx + figures.missed + figures.errors,
      );
      log(`${mode} ${concurrency} at once ${server} ${store} done`);
    }
  }
  section(
    mode === 'latency'
      ? 'Callback -> event read by a client holding the stream'
      : "Callback -> status read by the widget's polling fallback",
    latencyTable(results),
  );
}

if (ROWS.includes('checkouts')) {
  const results = [];
  for (const store of STORES) {
    const figures = await checkouts({
      dist,
      store,
      count: CHECKOUTS,
      concurrency: CHECKOUTS,
      approveMs: 1000,
    });
    results.push({ store, count: CHECKOUTS, ...figures });
    check(
      `checkouts ${store} errors`,
      CHECKOUTS - figures.completed + figures.ackNon2xx + figures.deliveriesFailed,
    );
    log(`checkouts ${store} done`);
  }
  section(
    'Concurrent checkouts end to end against the simulator (all at once; the phone approves after 1 s)',
    checkoutTable(results),
  );
}

if (failures.length > 0) {
  log(`counted failures:\n  ${failures.join('\n  ')}`);
  if (smoke) process.exitCode = 1;
}

// Only a full run (every row, every store, the issue's counts) replaces the docs' figures.
if (process.env.DOCS_OUT) {
  if (smoke || overridden.length > 0) {
    log(
      `DOCS_OUT ignored: only a full run is written (set here: ${[...(smoke ? ['SMOKE'] : []), ...overridden].join(', ')})`,
    );
  } else {
    const failed = failures.length ? `\n\nCounted failures: ${failures.join('; ')}.` : '';
    const text = `${machineLine(loadBefore)}.\n\n${printed.join('\n')}${failed}`;
    await writeLatestRun(resolve(process.env.DOCS_OUT), text);
    log(`figures written into ${process.env.DOCS_OUT}`);
  }
}
