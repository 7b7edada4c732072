/**
 * Memory per open status stream: the kit (one payment, all streams on its session, memory store)
 * beside raw `node:http` SSE responses (the baseline) and a bare Express 5 SSE route (how
 * much of the gap is Express's own per-request cost), each in its own process, measured after a
 * full GC at each level and divided by the streams open. Streams are opened BATCH at a time; failures counted.
 * HEAP_SNAPSHOT_DIR: each target also writes a heap snapshot before the first stream and at each
 * level (compare two with `node server/heap-diff.mjs before after <streams>`).
 */

import { execSync } from 'node:child_process';
import { openStream } from '../sse-client.mjs';
import { startTarget } from '../start-target.mjs';

const BATCH = 100;

async function hold(spec, levels, tokenLength) {
  const target = await startTarget(spec);
  // Every server gets the same request: the baselines a token as long as the kit's session token
  // (the request's headers are held with each open stream; ~430 bytes of it is the token).
  const token = spec.kind === 'kit' ? target.tokens[0] : 'x'.repeat(tokenLength);
  const path = spec.kind === 'raw' ? '/events' : `/lipwa/payments/${target.paymentIds[0]}/events`;
  const streams = [];
  let failed = 0;
  let firstError;
  const before = await target.ask('memory');
  const snapshot = async (at) => {
    if (!process.env.HEAP_SNAPSHOT_DIR) return;
    const file = await target.ask('heap-snapshot');
    process.stderr.write(`heap snapshot, ${spec.kind} at ${at} streams: ${file}\n`);
  };
  await snapshot(0);
  const points = [];
  let openMs = 0;
  for (const level of levels) {
    const started = performance.now();
    while (streams.length + failed < level) {
      const count = Math.min(BATCH, level - streams.length - failed);
      const opened = await Promise.allSettled(
        Array.from({ length: count }, () => openStream({ port: target.port, path, token })),
      );
      for (const result of opened) {
        if (result.status === 'fulfilled') streams.push(result.value);
        else {
          failed += 1;
          firstError ??= String(result.reason?.message ?? result.reason);
        }
      }
    }
    openMs += performance.now() - started;
    const after = await target.ask('memory');
    await snapshot(streams.length);
    points.push({
      level,
      open: streams.length,
      failed,
      firstError,
      rssPerStream: (after.rss - before.rss) / streams.length,
      heapPerStream: (after.heapUsed - before.heapUsed) / streams.length,
      opensPerSecond: streams.length / (openMs / 1000),
    });
  }
  for (const stream of streams) stream.close();
  await target.stop();
  return { points, tokenLength: token.length };
}

/**
 * Each open stream is a file descriptor in the client and in the server. Node cannot raise its
 * own limit; the soft limit is inherited from the shell (`ulimit -n 20000` before running).
 */
export function descriptorLimit() {
  return Number(execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim());
}

export async function streamMemory({ dist, levels }) {
  const limit = descriptorLimit();
  if (limit < Math.max(...levels) + 200)
    process.stderr.write(`ulimit -n is ${limit}: streams past it will fail (and be counted)\n`);
  const { points: kit, tokenLength } = await hold(
    { kind: 'kit', dist, store: 'memory', payments: 1 },
    levels,
  );
  const { points: raw } = await hold({ kind: 'raw' }, levels, tokenLength);
  const { points: express } = await hold({ kind: 'express', payments: 1 }, levels, tokenLength);
  return levels.map((level, i) => ({ level, raw: raw[i], express: express[i], kit: kit[i] }));
}
