/**
 * Store work per provider callback, counted rather than timed (so a busy machine cannot blur it):
 * journal lines appended on the file store and SQL statements sent on PostgreSQL, for accepted
 * callbacks on distinct payments and for duplicates on one payment.
 *
 *   KITS=before=.before-server-dist,after=../packages/server/dist N=20 node server/writes-per-callback.mjs
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createScriptedAdapter } from '@lipwa/core/testing';
import express from 'express';
import pg from 'pg';
import { initiate as initiatePayments } from './kit-target.mjs';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const N = Number(process.env.N ?? 20);
const benchDir = resolve(import.meta.dirname, '..');
const KITS = (process.env.KITS ?? 'kit=../packages/server/dist').split(',').map((pair) => {
  const [label, path] = pair.split('=');
  return { label, dist: resolve(benchDir, path) };
});
const load = (dist, file) => import(pathToFileURL(join(dist, file)).href);

/** A real pool that counts the statements sent through it. */
function countingPool() {
  const pool = new pg.Pool({ connectionString: DATABASE_URL });
  const counter = { statements: 0 };
  // pool.query runs on a checked-out client too, so counting clients counts everything once.
  pool.on('acquire', (client) => {
    if (client.countedQuery) return;
    client.countedQuery = client.query.bind(client);
    client.query = (...args) => {
      counter.statements += 1;
      // A named (prepared) statement is a config object: show its text.
      const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
      if (process.env.SHOW_SQL) console.error(String(text).replace(/\s+/g, ' ').slice(0, 90));
      return client.countedQuery(...args);
    };
  });
  return { pool, counter };
}

async function openStore(dist, kind) {
  if (kind === 'file') {
    const { createFileStore } = await load(dist, 'stores/file-store.js');
    const directory = mkdtempSync(join(tmpdir(), 'lipwa-bench-w-'));
    const store = await createFileStore({ directory });
    const lines = () =>
      readFileSync(join(directory, 'journal.jsonl'), 'utf8').split('\n').length - 1;
    return { store, count: lines, cleanup: () => rmSync(directory, { recursive: true }) };
  }
  const { createPostgresStore } = await load(dist, 'stores/postgres-store.js');
  const schema = `lipwa_bench_w_${process.pid}`;
  const { pool, counter } = countingPool();
  const store = createPostgresStore({ pool, schema });
  await store.migrate();
  return {
    store,
    count: () => counter.statements,
    cleanup: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    },
  };
}

async function measure(dist, kind) {
  const { createLipwa } = await load(dist, 'index.js');
  const { store, count, cleanup } = await openStore(dist, kind);
  const adapter = createScriptedAdapter({ id: 'scripted' });
  const app = express();
  const server = createServer(app);
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${server.address().port}/lipwa`;
  const lipwa = createLipwa({
    providers: [adapter],
    publicUrl: base,
    merchantName: 'Bench',
    allowedOrigins: ['https://shop.example'],
    tokens: { secret: 'bench-secret-that-is-at-least-32-bytes-long!!' },
    store,
    environment: 'development',
    logger: { info() {}, warn() {}, error() {} },
    resolveSession: (req) => ({ amount: 150000, currency: 'KES', reference: req.body.reference }),
  });
  app.use('/lipwa', lipwa.router());
  const beforeInitiates = count();
  const { callbackPaths, refs } = await initiatePayments(lipwa, adapter, base, N);
  const perInitiate = (count() - beforeInitiates) / N;
  const post = async (i) => {
    const body = JSON.stringify({
      updates: [
        {
          providerRef: refs[i],
          status: 'completed',
          amount: { amount: 150000, currency: 'KES' },
        },
      ],
    });
    const answer = await fetch(`http://127.0.0.1:${server.address().port}${callbackPaths[i]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (!answer.ok) throw new Error(`callback ${answer.status}`);
  };
  const perCallback = async (send) => {
    const start = count();
    for (let i = 0; i < N; i += 1) await send(i);
    return (count() - start) / N;
  };
  const accepted = await perCallback(post);
  const duplicate = await perCallback(() => post(0));
  await lipwa.close?.();
  server.close();
  await cleanup();
  return { initiate: perInitiate, accepted, duplicate };
}

console.log(
  '| kit | store | unit | per initiate (POST /payments) | per accepted callback | per duplicate on one payment |',
);
console.log('|---|---|---|---|---|---|');
for (const kind of ['file', 'postgres']) {
  for (const { label, dist } of KITS) {
    const { initiate, accepted, duplicate } = await measure(dist, kind);
    const unit = kind === 'file' ? 'journal lines' : 'SQL statements';
    console.log(`| ${label} | ${kind} | ${unit} | ${initiate} | ${accepted} | ${duplicate} |`);
  }
}
