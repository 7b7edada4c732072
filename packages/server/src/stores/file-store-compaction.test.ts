/**
 * The file store's journal writes: compaction past the line limit and on demand, and concurrent
 * writes flushed together, each acknowledged once its line is in the journal.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attempt, cleanUpAfterAll, lineCount, reopen, setup } from './test-file-store-setup.js';

cleanUpAfterAll();

describe('the file store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('compacts the journal past the line limit and keeps everything', async () => {
    const { directory, store, journal } = await setup({ compactAfterLines: 6 });
    const record = attempt();
    await store.createAttempt(record);
    let current = record;
    for (let step = 0; step < 10; step += 1) {
      const next = await store.update(current.id, current.version, { queryCount: step + 1 });
      if (!next) throw new Error('update lost a compare-and-set it should have won');
      current = next;
    }
    await store.appendEvent(record.id, { at: 1, kind: 'created' });
    await store.appendEvent(record.id, { at: 2, kind: 'query', data: { status: 'pending' } });
    await store.close();

    const { store: reopened } = await reopen(directory);

    expect(await lineCount(journal)).toBeLessThanOrEqual(6);
    expect(await reopened.get(record.id)).toEqual(current);
    expect(current).toMatchObject({ version: 11, queryCount: 10 });
    expect((await reopened.events(record.id)).map((event) => event.kind)).toEqual([
      'created',
      'query',
    ]);
  });

  it('does not rewrite the whole journal on every write once the state outgrows the line limit', async () => {
    const { store, journal } = await setup({ compactAfterLines: 5 });
    const records = Array.from({ length: 10 }, () => attempt());
    for (const record of records) await store.createAttempt(record);
    await store.compact();
    expect(await lineCount(journal)).toBe(10);

    // Ten records are already more than the limit of five lines: three more writes must be
    // appended, not each trigger a rewrite of the whole state.
    for (const record of records.slice(0, 3)) {
      await store.update(record.id, 1, { queryCount: 1 });
    }
    await store.close();

    expect(await lineCount(journal)).toBe(13);
  });

  it('makes a burst of concurrent writes durable with fewer flushes than writes', async () => {
    const { directory, store } = await setup();
    const records = Array.from({ length: 50 }, () => attempt());
    const { FileHandle } = await import('node:fs/promises').then(async (fs) => {
      const handle = await fs.open(join(directory, 'probe'), 'w');
      const prototype = Object.getPrototypeOf(handle);
      await handle.close();
      return { FileHandle: prototype as { datasync(): Promise<void> } };
    });
    const original = FileHandle.datasync;
    let flushes = 0;
    FileHandle.datasync = function (this: unknown) {
      flushes += 1;
      return original.call(this);
    };
    try {
      await Promise.all(records.map((record) => store.createAttempt(record)));
    } finally {
      FileHandle.datasync = original;
    }

    expect(flushes).toBeLessThan(records.length);
    for (const record of records) expect(await store.get(record.id)).toEqual(record);
  });

  it('applies a staged update at once, and settles it only once its line is in the journal', async () => {
    const { store, journal } = await setup();
    const record = attempt();
    await store.createAttempt(record);

    const staged = store.stageUpdate(record.id, 1, { status: 'completed' });
    const conflict = store.stageUpdate(record.id, 1, { status: 'failed' });

    expect(staged.value).toMatchObject({ status: 'completed', version: 2 });
    expect(store.peek(record.id).value).toEqual(staged.value);
    expect(conflict.value).toBeUndefined();
    await staged.durable;
    expect(await lineCount(journal)).toBe(2);
    expect(await store.get(record.id)).toEqual(staged.value);
  });

  it('compacts on demand into one line per record, event and unmatched callback', async () => {
    const { directory, store, journal } = await setup();
    const first = attempt();
    const second = attempt();
    await store.createAttempt(first);
    await store.createAttempt(second);
    const updated = await store.update(first.id, 1, { status: 'expired', decidedBy: 'deadline' });
    await store.appendEvent(first.id, { at: 5, kind: 'transition' });
    await store.recordUnmatched({
      at: 6,
      provider: 'daraja',
      paymentId: second.id,
      providerRef: 'ws_CO_x',
      status: 'failed',
    });

    await store.compact();
    const third = attempt();
    await store.createAttempt(third);
    await store.close();
    const { store: reopened } = await reopen(directory);

    expect(await lineCount(journal)).toBe(5);
    expect(await reopened.get(first.id)).toEqual(updated);
    expect(await reopened.latestForReference(third.reference)).toEqual(third);
    expect((await reopened.listPending(10)).map((record) => record.id)).toEqual([
      second.id,
      third.id,
    ]);
    expect(await reopened.unmatched()).toHaveLength(1);
  });
});
