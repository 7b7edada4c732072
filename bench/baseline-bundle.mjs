// The baseline every widget figure is set against: Lit alone, rendering one labelled input and a
// button, bundled the way the widget is (Vite, minified IIFE). Built fresh in each run.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';

const require = createRequire(import.meta.url);

export async function baselineBundle() {
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
