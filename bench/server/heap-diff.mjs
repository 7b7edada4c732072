/**
 * What a heap grew by between two V8 heap snapshots, by object kind: `node heap-diff.mjs
 * before.heapsnapshot after.heapsnapshot [per]` prints the kinds whose total self size grew the
 * most, divided by `per` (e.g. the streams opened in between) to read as bytes per stream.
 */
import { readFileSync } from 'node:fs';

function totals(file) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
  const typeNames = types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const byKind = new Map();
  const { nodes, strings } = snapshot;
  for (let i = 0; i < nodes.length; i += width) {
    const type = typeNames[nodes[i + typeAt]];
    // Strings, code and numbers are named by their content: group them by type alone.
    const name = type === 'object' || type === 'closure' ? strings[nodes[i + nameAt]] : '';
    const kind = `${type} ${name}`.trim();
    const entry = byKind.get(kind) ?? { count: 0, size: 0 };
    entry.count += 1;
    entry.size += nodes[i + sizeAt];
    byKind.set(kind, entry);
  }
  return byKind;
}

const [beforeFile, afterFile, perArg] = process.argv.slice(2);
const per = Number(perArg ?? 1);
const before = totals(beforeFile);
const after = totals(afterFile);
const rows = [...after].map(([kind, a]) => {
  const b = before.get(kind) ?? { count: 0, size: 0 };
  return { kind, count: (a.count - b.count) / per, bytes: (a.size - b.size) / per };
});
rows.sort((x, y) => y.bytes - x.bytes);
const total = rows.reduce((sum, r) => sum + r.bytes, 0);
console.log(
  `total self size grown: ${(total / 1024).toFixed(2)} KB per ${per > 1 ? 'unit' : 'snapshot'}`,
);
console.log('| bytes | objects | kind |\n|---|---|---|');
for (const r of rows.slice(0, 40))
  console.log(`| ${r.bytes.toFixed(0)} | ${r.count.toFixed(2)} | ${r.kind} |`);
