// Gzipped size of the script-tag bundle against a baseline built in the same run: Lit alone,
// rendering one labelled input. The ratio says what Lipwa adds on top of the framework it needs.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { baselineBundle } from './baseline-bundle.mjs';

const require = createRequire(import.meta.url);
const bundlePath = require.resolve('@lipwa/checkout/lipwa.js');

const widget = await readFile(bundlePath);
const baseline = await baselineBundle();
const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

const widgetGz = gz(widget);
const baselineGz = gz(baseline);
console.log('bundle size (gzip -9)');
console.log(
  `  baseline: Lit + one input      ${kb(baselineGz).padStart(10)}  (${kb(baseline.length)} raw)`,
);
console.log(
  `  @lipwa/checkout lipwa.js       ${kb(widgetGz).padStart(10)}  (${kb(widget.length)} raw)`,
);
console.log(`  ratio widget / baseline        ${(widgetGz / baselineGz).toFixed(2)}x`);
console.log(`  Lipwa's own code on top of Lit ${kb(widgetGz - baselineGz).padStart(10)}`);
