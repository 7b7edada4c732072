/**
 * Test fixture for the file store tests: fresh directories (removed, with the stores opened in
 * them closed, after the calling file's tests), stores opened with a recording logger, records.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingLogger as sharedRecordingLogger } from '@lipwa/core/testing';
import { afterAll } from 'vitest';
import type { LogFields } from '../logger.js';
import { createFileStore, type FileStore, type FileStoreOptions } from './file-store.js';
import type { PaymentRecord } from './payment-record.js';

const directories: string[] = [];
const openStores: FileStore[] = [];

/** Closes the stores and removes the directories the calling file's tests opened, after them all. */
export function cleanUpAfterAll(): void {
  afterAll(async () => {
    for (const store of openStores) await store.close();
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });
}

export async function freshDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'lipwa-file-store-'));
  directories.push(directory);
  return directory;
}

/** The shared recording logger, with its warnings as `{ message, fields? }`. */
export function recordingLogger() {
  const logger = sharedRecordingLogger();
  return Object.defineProperty(logger, 'warnings', {
    get: () =>
      logger.at('warn').map(({ message, fields }) => ({ message, ...(fields ? { fields } : {}) })),
  }) as typeof logger & { readonly warnings: { message: string; fields?: LogFields }[] };
}

export async function setup(options: Partial<FileStoreOptions> = {}) {
  const directory = options.directory ?? (await freshDirectory());
  const logger = recordingLogger();
  const store = await createFileStore({ directory, logger, ...options });
  openStores.push(store);
  return { directory, logger, store, journal: join(directory, 'journal.jsonl') };
}

export async function reopen(directory: string, options: Partial<FileStoreOptions> = {}) {
  return setup({ directory, ...options });
}

let counter = 0;
export function attempt(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  counter += 1;
  return {
    id: `pay_file_${counter}`,
    sessionId: `ses_file_${counter}`,
    provider: 'daraja',
    status: 'pending',
    amount: { amount: 150000, currency: 'KES' },
    reference: `ORDER-${counter}`,
    phone: '254712345678' as PaymentRecord['phone'],
    callbackTokenHash: `${counter}`.padStart(64, 'b'),
    createdAt: 1_740_819_600_000 + counter,
    updatedAt: 1_740_819_600_000 + counter,
    queryCount: 0,
    version: 1,
    ...overrides,
  };
}

export async function lineCount(path: string): Promise<number> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '').length;
}
