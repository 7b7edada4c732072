import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileStore, type FileStore } from '../stores/file-store.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { createPostgresStore } from '../stores/postgres-store.js';
import { darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath, setupKit } from '../testing/test-harness.js';
import { useTestSchema } from '../testing/test-postgres.js';

const database = useTestSchema();
const fileStores: FileStore[] = [];

afterAll(async () => {
  for (const store of fileStores) {
    await store.close();
    await rm(store.directory, { recursive: true, force: true });
  }
});

async function fileStore(): Promise<FileStore> {
  const store = await createFileStore({
    directory: await mkdtemp(join(tmpdir(), 'lipwa-callback-')),
  });
  fileStores.push(store);
  return store;
}

async function journalLines(
  store: FileStore,
): Promise<{ op: string; events?: { kind: string }[] }[]> {
  const text = await readFile(join(store.directory, 'journal.jsonl'), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

async function startedKit(store?: PaymentStore) {
  const kit = setupKit(store ? { store } : {});
  const token = await kit.session();
  const { payment } = await kit.startPayment(token, { phone: '0708374149' });
  const { token: callbackToken } = callbackPath(kit.adapter.lastCallbackUrl());
  const providerRef = (await kit.store.get(payment.id))?.providerRef ?? '';
  const post = (rawBody: string) =>
    kit.handleCallback('daraja', callbackToken, { headers: {}, rawBody });
  return { ...kit, payment, providerRef, post };
}

async function postgresStore(): Promise<PaymentStore> {
  const store = createPostgresStore({ pool: database.admin(), schema: database.schema });
  await store.migrate();
  return store;
}

describe.each([
  ['the memory store', async () => undefined],
  ['the file store', fileStore],
  ['PostgreSQL', postgresStore],
])('many callbacks for one payment at once, on %s', (_name, makeStore) => {
  it('answers every one 200 and applies the payment exactly once', async () => {
    const kit = await startedKit(await makeStore());

    const answers = await Promise.all(
      Array.from({ length: 40 }, () => kit.post(darajaSuccess(kit.providerRef, 1500))),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(200));
    expect(await kit.store.get(kit.payment.id)).toMatchObject({ status: 'completed' });
    expect(kit.finals).toHaveLength(1);
    const kinds = (await kit.store.events(kit.payment.id)).map((event) => event.kind);
    expect(kinds.filter((kind) => kind === 'transition')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'duplicate')).toHaveLength(39);
  });
});

describe('one store change per callback', () => {
  it('writes an accepted callback, and a duplicate of it, as one journal line each', async () => {
    const store = await fileStore();
    const kit = await startedKit(store);
    const before = (await journalLines(store)).length;

    expect((await kit.post(darajaSuccess(kit.providerRef, 1500))).status).toBe(200);
    expect((await kit.post(darajaSuccess(kit.providerRef, 1500))).status).toBe(200);

    const written = (await journalLines(store)).slice(before);
    expect(written.map((line) => line.op)).toEqual(['update', 'update']);
    expect(written.map((line) => line.events?.map((event) => event.kind))).toEqual([
      ['callback', 'transition'],
      ['callback', 'duplicate'],
    ]);
    expect(await kit.store.get(kit.payment.id)).toMatchObject({ status: 'completed' });
  });
});
