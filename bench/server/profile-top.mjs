/**
 * The functions that took the most CPU in a V8 profile (`node --cpu-prof`), by self time and by
 * script, so a missed goal can say what stands in the way.  node server/profile-top.mjs <file>
 */
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const deltas = new Map();
for (const [i, id] of profile.samples.entries())
  deltas.set(id, (deltas.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const total = [...deltas.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map();
const byScript = new Map();
for (const node of profile.nodes) {
  const self = deltas.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  const script =
    url.replace(/^.*node_modules\//, '').replace(/^.*\/packages\//, 'packages/') || '(native)';
  const name = `${functionName || '(anonymous)'} ${script}:${lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + self);
  const pkg = script
    .split('/')
    .slice(0, script.startsWith('@') || script.startsWith('packages') ? 2 : 1)
    .join('/');
  byScript.set(pkg, (byScript.get(pkg) ?? 0) + self);
}
const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => `${((100 * us) / total).toFixed(1)}%  ${name}`);
console.log(
  `total ${(total / 1000).toFixed(0)} ms sampled\n-- by package\n${top(byScript, 12).join('\n')}\n-- by function (self)\n${top(byFunction, 20).join('\n')}`,
);
