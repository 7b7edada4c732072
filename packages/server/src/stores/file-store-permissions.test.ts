/**
 * The file store's file permissions: its directory 0700 and journal 0600, tightened or warned
 * about when they already exist.
 */
import { chmod, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attempt, cleanUpAfterAll, freshDirectory, setup } from './test-file-store-setup.js';

cleanUpAfterAll();

describe('the file store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('creates its directory 0700 and its journal 0600, compacted or not: they hold phone numbers', async () => {
    const directory = join(await freshDirectory(), 'data', 'lipwa');
    const { store, journal, logger } = await setup({ directory });
    await store.createAttempt(attempt());
    const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

    const written = await modeOf(journal);
    await store.compact();

    expect(await modeOf(directory)).toBe(0o700);
    expect(written).toBe(0o600);
    expect(await modeOf(journal)).toBe(0o600);
    expect(logger.warnings).toEqual([]);
  });

  it('tightens an existing journal to 0600 when it opens it', async () => {
    const directory = await freshDirectory();
    const journal = join(directory, 'journal.jsonl');
    await writeFile(journal, '', { mode: 0o644 });
    await chmod(journal, 0o644);

    await setup({ directory });

    expect((await stat(journal)).mode & 0o777).toBe(0o600);
  });

  it('warns, without changing it, when an existing directory is open to other users', async () => {
    const directory = await freshDirectory();
    await chmod(directory, 0o755);

    const { logger } = await setup({ directory });

    expect((await stat(directory)).mode & 0o777).toBe(0o755);
    expect(logger.warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining('chmod 700') }),
    ]);
  });
});
