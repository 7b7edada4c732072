import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { fakeClock, recordingLogger } from '@lipwa/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../stores/postgres-store.js';
import { DATABASE_URL, useTestSchema } from '../testing/test-postgres.js';
import { parseWebhooksOptions } from './webhook-options.js';
import { createWebhookSender } from './webhook-sender.js';

// The child runs the built package (dist), as a deployed server would.
const CHILD = fileURLToPath(
  new URL('../../test-fixtures/webhook-crash-child.mjs', import.meta.url),
);
const database = useTestSchema();

/** A merchant endpoint: records each webhook-id; answers 200, or never while `hang` is set. */
let received: string[] = [];
let hang = false;
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(String(req.headers['webhook-id']));
    req.resume();
    if (!hang) res.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function runChildUntil(
  mode: string,
  paymentId: string,
  ready: () => boolean,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [CHILD, mode, DATABASE_URL, database.schema, paymentId, url],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += String(chunk);
  });
  // Polls the progress of a real child process (the one place these tests wait on real time).
  while (!(out.includes('committed') && ready())) {
    if (child.exitCode !== null) throw new Error(`child exited early: ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill('SIGKILL');
  await once(child, 'exit');
  return child;
}

/** The restarted server: a new store and sender on the same tables, with a clock we move. */
async function restarted() {
  const store = createPostgresStore({
    pool: database.newPool(),
    schema: database.schema,
    tablePrefix: 'crash_',
  });
  await store.migrate();
  const clock = fakeClock(Date.now());
  const config = parseWebhooksOptions({
    endpoints: [
      {
        id: 'orders',
        url,
        secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
        events: ['payment.completed'],
      },
    ],
    leaseMs: 60_000,
  });
  const sender = createWebhookSender({ outbox: store, config, clock, logger: recordingLogger() });
  return { store, clock, sender };
}

// Each test starts real child processes (Node + the built package): on a loaded 2-core machine the
// first one alone took 6 s to commit, past vitest's 5 s default. A budget, not a timing assertion.
describe('webhooks survive a SIGKILL', { timeout: 30_000 }, () => {
  it('sends, once, a webhook whose status change committed before the process was killed', async () => {
    received = [];
    hang = false;
    const child = await runChildUntil('after-commit', 'pay_crash_1', () => true);
    const { store, sender } = await restarted();

    const sent = await sender.runOnce();
    const again = await sender.runOnce();

    const [delivery] = (await store.listDeliveries({ limit: 10 })).filter(
      (d) => d.paymentId === 'pay_crash_1',
    );
    console.log(
      `killed after commit (${child.signalCode}): ${received.length} delivery received after restart`,
    );
    expect(child.signalCode).toBe('SIGKILL');
    expect([sent, again]).toEqual([1, 0]);
    expect(received).toEqual([delivery?.id]);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('takes over, once the lease expires, a webhook whose process was killed mid-send', async () => {
    received = [];
    hang = true;
    const child = await runChildUntil('mid-send', 'pay_crash_2', () => received.length === 1);
    hang = false;
    const { store, clock, sender } = await restarted();

    const whileLeased = await sender.runOnce();
    clock.advance(60_000);
    const afterLease = await sender.runOnce();

    const [delivery] = (await store.listDeliveries({ limit: 10 })).filter(
      (d) => d.paymentId === 'pay_crash_2',
    );
    console.log(
      `killed mid-send (${child.signalCode}): ${received.length} requests seen, 1 answered 2xx`,
    );
    expect([whileLeased, afterLease]).toEqual([0, 1]);
    expect(received).toEqual([delivery?.id, delivery?.id]);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});
