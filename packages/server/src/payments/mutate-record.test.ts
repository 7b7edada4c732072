import { readFileSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createFileStore, type FileStore } from '../stores/file-store.js';
import { createMemoryStore } from '../stores/memory-store.js';
import type { PaymentRecord } from '../stores/payment-record.js';
import { mutateRecord } from './mutate-record.js';

const directories: string[] = [];
const stores: FileStore[] = [];

afterAll(async () => {
  for (const store of stores) await store.close();
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

async function openFileStore(directory?: string): Promise<FileStore> {
  const where = directory ?? (await mkdtemp(join(tmpdir(), 'lipwa-mutate-')));
  if (!directory) directories.push(where);
  const store = await createFileStore({ directory: where });
  stores.push(store);
  return store;
}

function pending(id: string): PaymentRecord {
  return {
    id,
    sessionId: `ses_${id}`,
    provider: 'daraja',
    status: 'pending',
    amount: { amount: 150000, currency: 'KES' },
    reference: `ORDER-${id}`,
    phone: '254712345678' as PaymentRecord['phone'],
    callbackTokenHash: id.padStart(64, 'c'),
    createdAt: 1_740_819_600_000,
    updatedAt: 1_740_819_600_000,
    queryCount: 0,
    version: 1,
  };
}

// The real journal file handle's methods, counted or failed where the disk would be: the only
// way to see flushes, or make one fail, without a disk that fails on cue.
type HandleMethods = { datasync(): Promise<void>; appendFile(...args: unknown[]): Promise<void> };
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

async function fileHandlePrototype(directory: string): Promise<HandleMethods> {
  const handle = await open(join(directory, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(handle) as HandleMethods;
  await handle.close();
  return prototype;
}

const bump = (current: PaymentRecord) => ({ queryCount: current.queryCount + 1 });

describe('mutateRecord', () => {
  it('lets changes of one payment share a flush, answering each only once its own line is on disk', async () => {
    const store = await openFileStore();
    await store.createAttempt(pending('pay_one'));
    const prototype = await fileHandlePrototype(store.directory);
    const original = prototype.datasync;
    let flushes = 0;
    prototype.datasync = function (this: unknown) {
      flushes += 1;
      return original.call(this);
    };
    restore = () => {
      prototype.datasync = original;
    };
    const journal = join(store.directory, 'journal.jsonl');
    const onDiskWhenAnswered: boolean[] = [];

    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        mutateRecord(store, 'pay_one', bump).then((result) => {
          const version = result?.after?.version;
          const written = new RegExp(`"id":"pay_one".*"version":${version}[,}]`);
          onDiskWhenAnswered.push(written.test(readFileSync(journal, 'utf8')));
          return result;
        }),
      ),
    );
    restore();

    // Each change saw the one before it: versions 2..41, none lost or applied twice.
    expect(results.map((result) => result?.after?.version)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 2),
    );
    expect(onDiskWhenAnswered).toEqual(Array(40).fill(true));
    // One at a time, the 40 changes took 40 flushes; queued on top of each other, a few.
    expect(flushes).toBeLessThan(40);
    await store.close();
    const reopened = await openFileStore(store.directory);
    expect(await reopened.get('pay_one')).toMatchObject({ queryCount: 40, version: 41 });
  });

  it('fails a change queued on top of one whose write failed, and the store answers nothing after', async () => {
    const store = await openFileStore();
    await store.createAttempt(pending('pay_lost'));
    const prototype = await fileHandlePrototype(store.directory);
    const original = prototype.appendFile;
    // Fails like I/O does, a turn of the event loop later, after the second change is queued.
    prototype.appendFile = () =>
      new Promise((_, reject) =>
        setImmediate(() => reject(new Error('EIO: simulated disk failure'))),
      );
    restore = () => {
      prototype.appendFile = original;
    };

    const first = mutateRecord(store, 'pay_lost', bump);
    const second = mutateRecord(store, 'pay_lost', bump);
    await expect(first).rejects.toMatchObject({ code: 'internal_error' });
    await expect(second).rejects.toMatchObject({ code: 'internal_error' });
    // Memory may hold changes that never reached the disk: the store must not serve them.
    await expect(store.get('pay_lost')).rejects.toMatchObject({ code: 'internal_error' });
    await expect(mutateRecord(store, 'pay_lost', bump)).rejects.toMatchObject({
      code: 'internal_error',
    });
    restore();

    await store.close();
    const reopened = await openFileStore(store.directory);
    expect(await reopened.get('pay_lost')).toMatchObject({ queryCount: 0, version: 1 });
  });

  it('answers "nothing to do" from the freshest record, and leaves an unknown payment alone', async () => {
    const store = createMemoryStore();
    await store.createAttempt(pending('pay_done'));
    await mutateRecord(store, 'pay_done', () => ({ status: 'completed' }));

    const stale = pending('pay_done');
    const result = await mutateRecord(
      store,
      'pay_done',
      (current) => (current.status === 'pending' ? { status: 'failed' } : undefined),
      { known: stale },
    );

    expect(result).toEqual({
      before: expect.objectContaining({ status: 'completed', version: 2 }),
    });
    expect(await mutateRecord(store, 'pay_unknown', bump)).toBeUndefined();
  });
});
