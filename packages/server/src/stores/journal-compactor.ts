/**
 * Compaction: write the current state as a fresh journal beside the old one, flush it, then
 * `rename` it over the journal. Rename is atomic, so a crash leaves either the old journal or the
 * new one, never a mix; a leftover snapshot file only means a compaction did not finish.
 */
import { open, rename } from 'node:fs/promises';
import { encodeEntry, type JournalEntry } from './journal-entry.js';
import { FILE_MODE } from './journal-file.js';

// Lines per write call: big enough to be fast, small enough not to build one huge string.
const CHUNK = 1_000;

/** Returns the number of lines written. */
export async function writeCompactedJournal(
  entries: Iterable<JournalEntry>,
  snapshotPath: string,
  journalPath: string,
  directory: string,
): Promise<number> {
  // Private from the first byte: the snapshot becomes the journal, which holds phone numbers.
  const out = await open(snapshotPath, 'w', FILE_MODE);
  await out.chmod(FILE_MODE);
  let lines = 0;
  try {
    let chunk: string[] = [];
    for (const entry of entries) {
      chunk.push(encodeEntry(entry));
      lines += 1;
      if (chunk.length === CHUNK) {
        await out.write(chunk.join(''));
        chunk = [];
      }
    }
    if (chunk.length > 0) await out.write(chunk.join(''));
    await out.datasync();
  } finally {
    await out.close();
  }
  await rename(snapshotPath, journalPath);
  await syncDirectory(directory);
  return lines;
}

/** Makes a rename durable. Some platforms cannot open a directory; the rename still happened. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Best effort: not supported everywhere (e.g. Windows).
  } finally {
    await handle?.close();
  }
}
