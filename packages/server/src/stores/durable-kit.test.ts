import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath, setupKit } from '../testing/test-harness.js';
import { useTestSchema } from '../testing/test-postgres.js';
import { createFileStore, type FileStore } from './file-store.js';
import type { PaymentStore } from './payment-store.js';
import { createPostgresStore } from './postgres-store.js';

const database = useTestSchema();
const directories: string[] = [];
const fileStores: FileStore[] = [];

afterAll(async () => {
  for (const store of fileStores) await store.close();
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

/** Starts a payment through the kit, then "restarts" on a second store over the same data. */
async function payAcrossRestart(before: PaymentStore, after: () => Promise<PaymentStore>) {
  const first = setupKit({ store: before });
  const token = await first.session();
  const { payment } = await first.startPayment(token, { phone: '0708374149' });
  const { token: callbackToken } = callbackPath(first.adapter.lastCallbackUrl());
  const providerRef = (await first.store.get(payment.id))?.providerRef ?? '';
  await first.lipwa.close();

  const second = setupKit({ store: await after() });
  const answer = await second.handleCallback('daraja', callbackToken, {
    headers: {},
    rawBody: darajaSuccess(providerRef, 1500),
  });
  return { payment, answer, second };
}

const reconcile = {
  firstQueryAfterMs: 20_000,
  maxIntervalMs: 30_000,
  promptTimeoutMs: 90_000,
  graceMs: 30_000,
};

/**
 * Starts a payment, "kills" the instance before any callback, and restarts on the same data: the
 * callback never comes, so the new instance's reconciler must ask the provider and settle it.
 */
async function settleAfterRestartByReconciler(
  before: PaymentStore,
  after: () => Promise<PaymentStore>,
) {
  const first = setupKit({ store: before, reconcile });
  const token = await first.session();
  const { payment } = await first.startPayment(token, { phone: '0708374149' });
  const providerRef = (await first.store.get(payment.id))?.providerRef ?? '';
  await first.lipwa.close();

  const second = setupKit({ store: await after(), reconcile });
  second.adapter.onQuery = async (ref) => ({
    providerRef: ref,
    status: 'completed',
    providerCode: '0',
    receipt: 'NLJ7RT61SV',
  });
  second.clock.advance(reconcile.firstQueryAfterMs);
  await second.reconcileOnce();
  return { payment, providerRef, second };
}

describe('the kit on a durable store', () => {
  it('completes, after a restart, a payment started before it on the file store', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'lipwa-kit-'));
    directories.push(directory);
    const before = await createFileStore({ directory });

    const { payment, answer, second } = await payAcrossRestart(before, async () => {
      await before.close();
      const after = await createFileStore({ directory });
      fileStores.push(after);
      return after;
    });

    expect(answer.status).toBe(200);
    expect(await second.store.get(payment.id)).toMatchObject({
      status: 'completed',
      receipt: 'NLJ7RT61SV',
    });
    expect(second.finals).toEqual([expect.objectContaining({ status: 'completed' })]);
    await second.lipwa.close();
  });

  it('completes on one instance a payment another instance started, over PostgreSQL', async () => {
    const options = { schema: database.schema, tablePrefix: 'kit_' };
    const before = createPostgresStore({ pool: database.newPool(), ...options });
    await before.migrate();

    const { payment, answer, second } = await payAcrossRestart(before, async () =>
      createPostgresStore({ pool: database.newPool(), ...options }),
    );

    expect(answer.status).toBe(200);
    expect(await second.store.get(payment.id)).toMatchObject({
      status: 'completed',
      receipt: 'NLJ7RT61SV',
    });
    expect(second.finals).toEqual([expect.objectContaining({ status: 'completed' })]);
    await second.lipwa.close();
  });

  it('settles through the reconciler, after a restart on the file store, a payment whose callback never came', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'lipwa-kit-'));
    directories.push(directory);
    const before = await createFileStore({ directory });

    const { payment, providerRef, second } = await settleAfterRestartByReconciler(
      before,
      async () => {
        await before.close();
        const after = await createFileStore({ directory });
        fileStores.push(after);
        return after;
      },
    );

    expect(second.adapter.queried).toEqual([providerRef]);
    expect(await second.store.get(payment.id)).toMatchObject({ status: 'completed' });
    expect(second.finals).toEqual([expect.objectContaining({ status: 'completed' })]);
    await second.lipwa.close();
  });

  it('settles through the reconciler, after a restart on PostgreSQL, a payment whose callback never came', async () => {
    const options = { schema: database.schema, tablePrefix: 'kit_restart_' };
    const before = createPostgresStore({ pool: database.newPool(), ...options });
    await before.migrate();

    const { payment, providerRef, second } = await settleAfterRestartByReconciler(
      before,
      async () => createPostgresStore({ pool: database.newPool(), ...options }),
    );

    expect(second.adapter.queried).toEqual([providerRef]);
    expect(await second.store.get(payment.id)).toMatchObject({ status: 'completed' });
    expect(second.finals).toEqual([expect.objectContaining({ status: 'completed' })]);
    await second.lipwa.close();
  });
});
