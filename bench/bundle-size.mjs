// Gzipped size of the script-tag bundle against a baseline built in the same run: Lit alone,
// rendering one labelled input. The ratio says what Lipwa adds on top of the framework it needs.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const require = createRequire(import.meta.url);
const bundlePath = require.resolve('@lipwa/checkout/lipwa.js');

async function baselineBundle() {
  const dir = await mkdtemp(path.join(tmpdir(), 'lipwa-bench-'));
  const entry = path.join(dir, 'baseline.js');
  await writeFile(
    entry,
    `import { LitElement, html, css } from 'lit';
class Baseline extends LitElement {
  static styles = css\`:host { display: block }\`;
  render() { return html\`<label for="p">Phone</label><input id="p"><button>Pay</button>\`; }
}
if (!customElements.get('x-baseline')) customElements.define('x-baseline', Baseline);
`,
  );
  const output = await build({
    logLevel: 'silent',
    configFile: false,
    root: dir,
    resolve: { alias: { lit: require.resolve('lit') } },
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['iife'], name: 'Baseline', fileName: () => 'baseline.js' },
    },
  });
  const chunk = (Array.isArray(output) ? output[0] : output).output[0];
  return Buffer.from(chunk.code);
}

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
