/**
 * Reads a journal for replay. Only lines whose newline reached the disk count: an unterminated
 * tail is what a crash mid-append leaves, and its write was never acknowledged, so it is dropped.
 */
import { readFile } from 'node:fs/promises';
import { decodeEntry, type JournalEntry } from './journal-entry.js';

export interface JournalContents {
  readonly entries: JournalEntry[];
  /** Bytes up to and including the last newline: the file must be cut back to this length. */
  readonly validBytes: number;
  /** Bytes of an unterminated last line (0 when the file ends cleanly). */
  readonly tornBytes: number;
}

const NEWLINE = 0x0a;

export async function readJournal(path: string): Promise<JournalContents> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { entries: [], validBytes: 0, tornBytes: 0 };
    }
    throw error;
  }
  const validBytes = bytes.lastIndexOf(NEWLINE) + 1;
  const lines = bytes.subarray(0, validBytes).toString('utf8').split('\n');
  lines.pop(); // the empty string after the final newline
  const entries = lines.map((line, index) => decodeEntry(line, `${path}:${index + 1}`));
  return { entries, validBytes, tornBytes: bytes.length - validBytes };
}
