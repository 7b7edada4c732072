/**
 * Writes a full run's tables into docs/performance.md, between the two markers below, so the
 * figures in the docs are the ones the bench printed (`DOCS_OUT=<file>`; `npm run bench:server`
 * sets it). Everything outside the markers (the commentary, older runs) is left as it is.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';

export const START = '<!-- bench:server:latest:start (written by bench/server/run.mjs) -->';
export const END = '<!-- bench:server:latest:end -->';

/** The machine the figures came from, in one line. */
export function machineLine(loadBefore) {
  const cores = cpus();
  const load = (values) => values.map((value) => value.toFixed(1)).join(' ');
  return `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; load average ${load(loadBefore)} before, ${load(loadavg())} after`;
}

/** `text` replaces what is between the markers in `file`; fails if either marker is missing. */
export async function writeLatestRun(file, text) {
  const doc = await readFile(file, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`${file} has no "${START}" ... "${END}" block to write the run into.`);
  }
  await writeFile(
    file,
    `${doc.slice(0, start + START.length)}\n\n${text.trim()}\n\n${doc.slice(end)}`,
  );
}
