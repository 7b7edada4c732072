// Which bytes are what in the script-tag build: each file of `vite build`, broken down by the
// module its code came from. It builds once more without the final minification (the modules
// stay apart, each headed by its path), then minifies and gzips (level 9) each module alone.
// Each module compressed alone cannot borrow from its neighbours, so a file's rows add up to
// more than the file itself; the ranking is what this is for. `node scripts/size-breakdown.mjs`
import { gzipSync } from 'node:zlib';
import { build, loadConfigFromFile, minify } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const { config } = await loadConfigFromFile(
  { command: 'build', mode: 'production' },
  `${root}vite.config.ts`,
);
// The classic-entry wrapper minifies the whole file (and the cleaner deletes the real build's parts).
const plugins = config.plugins
  .flat()
  .filter((plugin) => !/classic-entry|clean-lazy-files/.test(plugin?.name));
const result = await build({
  ...config,
  configFile: false,
  root,
  logLevel: 'silent',
  plugins,
  build: { ...config.build, minify: false, write: false },
});
const chunks = [result]
  .flat()
  .flatMap((output) => output.output)
  .filter((file) => file.type === 'chunk');
const kb = (bytes) => `${(bytes / 1024).toFixed(2)}`.padStart(6);
for (const chunk of chunks) {
  // Rolldown heads each module's code with a `// path/to/module.js` comment.
  const modules = chunk.code.split(/^\/\/ (?=\S+\.[jt]s$)/m).slice(1);
  const rows = [];
  for (const module of modules) {
    const name = module.slice(0, module.indexOf('\n'));
    const { code } = await minify('module.js', module.slice(name.length), {
      module: true,
      compress: false,
    });
    rows.push({ name, raw: code.length, gz: gzipSync(code, { level: 9 }).length });
  }
  rows.sort((a, b) => b.gz - a.gz);
  const gz = rows.reduce((sum, row) => sum + row.gz, 0);
  console.log(
    `\n${chunk.fileName.replace(/\.[\w-]+\.js$/, '.js')}  (KB: minified, gzip -9 alone; modules alone sum to ${kb(gz)} gz)`,
  );
  for (const row of rows)
    console.log(
      `${kb(row.raw)} ${kb(row.gz)}  ${row.name.replace(/^(\.\.\/)+(node_modules\/)?/, '')}`,
    );
}
