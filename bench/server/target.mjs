/**
 * One server under test (see start-target.mjs). argv[2]: the JSON spec. Answers IPC questions:
 * `memory` (after a full GC: rss and heap), `acks` (callback answer times measured inside it),
 * `heap-snapshot` (writes a V8 heap snapshot into HEAP_SNAPSHOT_DIR, answers its path).
 */
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { bareExpress, rawSse } from './baseline-target.mjs';
import { kit } from './kit-target.mjs';

const spec = JSON.parse(process.argv[2]);
let acks = [];
let close = async () => {};
let ready;
if (spec.kind === 'express') ready = await bareExpress(spec.payments ?? 1, spec.simulatorUrl);
else if (spec.kind === 'raw') ready = await rawSse();
else {
  const started = await kit(spec);
  ({ ready, acks, close } = started);
}

process.on('message', (question) => {
  if (question === 'memory') {
    globalThis.gc();
    const { rss, heapUsed } = process.memoryUsage();
    process.send({ rss, heapUsed });
  } else if (question === 'acks') process.send(acks.splice(0));
  else if (question === 'heap-snapshot') {
    const dir = process.env.HEAP_SNAPSHOT_DIR ?? '.';
    process.send(
      writeHeapSnapshot(join(dir, `${spec.kind}-${process.pid}-${Date.now()}.heapsnapshot`)),
    );
  }
});
process.on('disconnect', async () => {
  await close().catch((error) => process.stderr.write(`target close: ${error}\n`));
  process.exit(0);
});
process.send(ready);
