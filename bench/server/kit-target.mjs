/**
 * The kit under test: createLipwa from a built dist, on the memory, file or PostgreSQL store
 * (PostgreSQL in a schema named for this bench and process, dropped on exit), optionally seeded
 * with settled payments, with `payments` pending ones initiated over HTTP for the rows to use
 * and `sessions` session tokens not yet used.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createScriptedAdapter } from '@lipwa/core/testing';
import express from 'express';
import pg from 'pg';
import { seed } from './seed.mjs';

const SECRET = 'bench-secret-that-is-at-least-32-bytes-long!!';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const UNLIMITED = 1_000_000_000;

// The kit's abuse limits are on by default (status reads: 300 per client address a minute,
// 3 streams per session, 1,000 per process...). Every bench client comes from 127.0.0.1, so they
// are raised far past what a row sends: a row measures the work, not 429s.
const benchLimits = {
  rateLimit: {
    maxPerSession: UNLIMITED,
    maxPerPhone: UNLIMITED,
    maxPerClient: UNLIMITED,
    maxSessionCreatesPerClient: UNLIMITED,
    maxStatusReadsPerClient: UNLIMITED,
    phoneWindows: [{ max: UNLIMITED, windowMs: 60_000 }],
  },
  stream: { maxPerSession: UNLIMITED, maxPerClient: UNLIMITED, maxOpen: UNLIMITED },
};

const load = (dist, file) => import(pathToFileURL(join(dist, file)).href);

async function openStore(dist, kind) {
  if (kind === 'file') {
    const { createFileStore } = await load(dist, 'stores/file-store.js');
    const directory = mkdtempSync(join(tmpdir(), 'lipwa-bench-e-'));
    const store = await createFileStore({ directory });
    return {
      store,
      seedTarget: { kind, store },
      cleanup: () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  if (kind === 'postgres') {
    const { createPostgresStore } = await load(dist, 'stores/postgres-store.js');
    const schema = `lipwa_bench_e_${process.pid}`;
    // PG_POOL_MAX: the pool's size (pg's default, 10, unless set), to see what the ack waits on.
    const max = process.env.PG_POOL_MAX ? Number(process.env.PG_POOL_MAX) : undefined;
    const pool = new pg.Pool({ connectionString: DATABASE_URL, ...(max ? { max } : {}) });
    const store = createPostgresStore({ pool, schema });
    await store.migrate();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    return {
      store,
      seedTarget: { kind, client, table: `${schema}.lipwa_payments` },
      cleanup: async () => {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
        await pool.end();
      },
    };
  }
  const { createMemoryStore } = await load(dist, 'stores/memory-store.js');
  const store = createMemoryStore();
  return { store, seedTarget: { kind: 'memory', store }, cleanup: () => {} };
}

/** The scripted adapter, or with `provider: 'daraja'` the real Daraja adapter on the simulator. */
export async function providerFor(spec) {
  if (spec.provider !== 'daraja') return createScriptedAdapter({ id: 'scripted' });
  const { daraja } = await import('@lipwa/providers');
  const { darajaSandbox } = await import('@lipwa/simulator');
  return daraja({ ...darajaSandbox, baseUrl: `${spec.simulatorUrl}/daraja` });
}

/** Times each callback from arrival to the answer's last byte, in the target's own clock. */
function callbackTimer(acks) {
  return (req, res, next) => {
    if (!req.path.startsWith('/callbacks/')) return next();
    const started = performance.now();
    res.on('finish', () => acks.push({ ms: performance.now() - started, status: res.statusCode }));
    next();
  };
}

export async function kit(spec) {
  const { createLipwa } = await load(spec.dist, 'index.js');
  const { store, seedTarget, cleanup } = await openStore(spec.dist, spec.store);
  const seeded = performance.now();
  await seed(seedTarget, spec.seed ?? 0, spec.dist);
  const seedMs = performance.now() - seeded;
  const adapter = await providerFor(spec);
  const app = express();
  const server = createServer(app);
  // BACKLOG: the listen queue (Node's default 511). 1,000 checkouts connecting at once overflow
  // it while a durable store keeps the event loop busy; a merchant's own server sets it.
  const backlog = Number(process.env.BACKLOG ?? 511);
  await new Promise((done) => server.listen(0, '127.0.0.1', backlog, done));
  const port = server.address().port;
  const acks = [];
  const lipwa = createLipwa({
    providers: [adapter],
    publicUrl: `http://127.0.0.1:${port}/lipwa`,
    merchantName: 'Bench',
    allowedOrigins: ['https://shop.example'],
    tokens: { secret: SECRET },
    store,
    environment: 'development',
    resolveSession: (req) => ({ amount: 150000, currency: 'KES', reference: req.body.reference }),
    ...benchLimits,
  });
  app.use('/lipwa', callbackTimer(acks), lipwa.router());
  const ready = await initiate(
    lipwa,
    adapter,
    `http://127.0.0.1:${port}/lipwa`,
    spec.payments ?? 0,
  );
  // `sessions`: fresh session tokens (one reference each) for a row that initiates over HTTP.
  const sessionTokens = [];
  for (let i = 0; i < (spec.sessions ?? 0); i += 1) {
    const minted = await lipwa.sessions.create({
      amount: 150000,
      currency: 'KES',
      reference: `INIT-${i}`,
    });
    sessionTokens.push(minted.token);
  }
  // Like the baseline's, the adapter's first call also fetches its OAuth token: made here, unmeasured.
  if (spec.sessions && spec.provider === 'daraja') await warmUp(lipwa, port);
  return {
    ready: { port, seedMs, sessionTokens, ...ready },
    acks,
    async close() {
      await lipwa.close?.();
      await cleanup();
    },
  };
}

async function warmUp(lipwa, port) {
  const { token } = await lipwa.sessions.create({
    amount: 150000,
    currency: 'KES',
    reference: 'INIT-warm-up',
  });
  const response = await fetch(`http://127.0.0.1:${port}/lipwa/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '254722999999' }),
  });
  if (!response.ok) throw new Error(`warm-up initiate failed: ${await response.text()}`);
}

/** `payments` pending payments, each with its own session, initiated over HTTP. */
export async function initiate(lipwa, adapter, base, payments) {
  const tokens = [];
  const paymentIds = [];
  const callbackPaths = [];
  const refs = [];
  for (let i = 0; i < payments; i += 1) {
    const { token } = await lipwa.sessions.create({
      amount: 150000,
      currency: 'KES',
      reference: `ORDER-${i}`,
    });
    const response = await fetch(`${base}/payments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        origin: 'https://shop.example',
      },
      body: JSON.stringify({ method: 'scripted', phone: `2547${20000000 + i}` }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`initiate failed: ${JSON.stringify(body)}`);
    tokens.push(token);
    paymentIds.push(body.payment.id);
    callbackPaths.push(new URL(adapter.lastCallbackUrl()).pathname);
    refs.push(`ref_scripted_${i + 1}`);
  }
  return { tokens, paymentIds, callbackPaths, refs };
}
