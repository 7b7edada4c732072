// Bundles src/index.js with webpack 5's Node API: production mode, an entry and an output
// directory, nothing else (no loader, no plugin, no splitChunks or resolve settings). Then checks
// that webpack made the package's after-"Pay" code and each language's payment texts chunks of
// their own, and writes their file names to dist/chunks.json for the end-to-end test.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');

/** @type {import('webpack').Configuration} */
const config = {
  mode: 'production',
  entry: path.join(here, 'src/index.js'),
  output: { path: dist, clean: true },
};

/** @type {import('webpack').Stats} */
const stats = await new Promise((resolve, reject) => {
  webpack(config, (error, result) => (error || !result ? reject(error) : resolve(result)));
});
const info = stats.toJson({
  all: false,
  chunks: true,
  chunkModules: true,
  errors: true,
  warnings: true,
});
if (stats.hasErrors() || stats.hasWarnings()) {
  console.error(stats.toString('errors-warnings'));
  process.exit(1);
}

/** The package's lazily imported files, each expected alone in an async chunk. */
const parts = ['after-pay', 'en-payment', 'sw-payment'];
/** @type {Record<string, string>} */
const chunkFiles = {};
for (const chunk of info.chunks ?? []) {
  const names = (chunk.modules ?? []).map((module) => module.name ?? '');
  for (const part of parts) {
    // `…/checkout/dist/after-pay.js + 16 modules`: webpack concatenates a chunk's modules.
    const module = new RegExp(`/checkout/dist/(i18n/)?${part}\\.js( \\+ \\d+ modules)?$`);
    if (!names.some((name) => module.test(name))) continue;
    if (chunk.initial) throw new Error(`${part}.js is in the entry chunk, not a chunk of its own`);
    const file = chunk.files?.[0];
    if (!file || chunkFiles[part]) throw new Error(`${part}.js is not in exactly one chunk`);
    chunkFiles[part] = file;
  }
}
const missing = parts.filter((part) => !chunkFiles[part]);
if (missing.length) throw new Error(`no chunk of its own for ${missing.join(', ')}`);
if (new Set(Object.values(chunkFiles)).size !== parts.length) {
  throw new Error(`the parts share chunks: ${JSON.stringify(chunkFiles)}`);
}
writeFileSync(path.join(dist, 'chunks.json'), `${JSON.stringify(chunkFiles, null, 2)}\n`);
console.log(`webpack ${webpack.version}: main.js, ${JSON.stringify(chunkFiles)}`);
