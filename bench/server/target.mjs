/**
 * One server under test, in its own process so the load generator does not share its event loop.
 * argv: <kind> <kit dist dir or "-"> <store: memory|file|-> <payments>
 * kinds: `express` (the baseline: bare Express 5 routes doing the same I/O) or `kit`.
 * Sends { port, token, paymentId, callbackPaths, callbackBody(index) inputs } to the parent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createScriptedAdapter } from '@lipwa/core/testing';
import express from 'express';

const [kind, dist, storeKind, paymentsArg] = process.argv.slice(2);
const payments = Number(paymentsArg ?? '200');
const SECRET = 'bench-secret-that-is-at-least-32-bytes-long!!';

function listen(app) {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function bareExpress() {
  const app = express();
  // A status read answers a JSON body of about the kit's size.
  const view = {
    payment: {
      id: 'pay_0123456789abcdef0123456789abcdef',
      status: 'pending',
      amount: { amount: 150000, currency: 'KES' },
      reference: 'ORDER-1',
      provider: 'scripted',
      phone: '2547•••••149',
      createdAt: '2026-12-01T07:00:00.000Z',
      updatedAt: '2026-12-01T07:00:00.000Z',
    },
  };
  app.get('/lipwa/payments/:id', (_req, res) => res.json(view));
  app.get('/lipwa/session', (_req, res) => res.json(view));
  app.post('/lipwa/callbacks/:provider/:token', express.text({ type: '*/*' }), (req, res) => {
    JSON.parse(req.body);
    res.json({ ok: true });
  });
  const server = await listen(app);
  return {
    port: server.address().port,
    token: 'x',
    paymentId: 'x',
    callbackPaths: ['/lipwa/callbacks/scripted/x'],
  };
}

async function kit() {
  const { createLipwa } = await import(pathToFileURL(join(dist, 'index.js')).href);
  let store;
  let directory;
  if (storeKind === 'file') {
    const { createFileStore } = await import(
      pathToFileURL(join(dist, 'stores/file-store.js')).href
    );
    directory = mkdtempSync(join(tmpdir(), 'lipwa-bench-'));
    store = await createFileStore({ directory });
  }
  let schema;
  if (storeKind === 'postgres') {
    const { createPostgresStore } = await import(
      pathToFileURL(join(dist, 'stores/postgres-store.js')).href
    );
    schema = `lipwa_bench_${process.pid}`;
    store = createPostgresStore({
      connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      schema,
    });
    await store.migrate();
  }
  const adapter = createScriptedAdapter({ id: 'scripted' });
  const app = express();
  const server = await listen(app);
  const port = server.address().port;
  const lipwa = createLipwa({
    providers: [adapter],
    publicUrl: `http://127.0.0.1:${port}/lipwa`,
    merchantName: 'Bench',
    allowedOrigins: ['https://shop.example'],
    tokens: { secret: SECRET },
    ...(store ? { store } : {}),
    environment: 'development',
    // The bench opens many payments from one address on purpose.
    rateLimit: { maxPerClient: 1_000_000, maxPerPhone: 1_000_000 },
  });
  app.use('/lipwa', lipwa.router());
  const base = `http://127.0.0.1:${port}/lipwa`;
  let first;
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
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'scripted', phone: `2547${20000000 + i}` }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`initiate failed: ${JSON.stringify(body)}`);
    first ??= { token, paymentId: body.payment.id };
    callbackPaths.push(new URL(adapter.lastCallbackUrl()).pathname);
    refs.push(`ref_scripted_${i + 1}`);
  }
  process.on('disconnect', async () => {
    if (directory) rmSync(directory, { recursive: true, force: true });
    if (schema) {
      const pg = (await import('pg')).default;
      const client = new pg.Client({
        connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
    process.exit(0);
  });
  return { port, ...first, callbackPaths, refs };
}

const ready = kind === 'express' ? await bareExpress() : await kit();
process.send(ready);
if (kind === 'express') process.on('disconnect', () => process.exit(0));
