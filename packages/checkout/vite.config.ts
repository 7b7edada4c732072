// The script-tag build: `dist/lipwa.js`, one classic script with Lit inside, and `dist/lipwa-parts/*.js`,
// the parts it loads on demand (each language's texts, the after-"Pay" code). See build/.
import { rmSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { classicEntry } from './build/classic-entry.js';
import { collapseTemplateWhitespace, minifyStyles } from './build/collapse-template-whitespace.js';
import { mangleProps } from './build/mangle-props.js';
import { packTables } from './build/pack-tables.js';
import { trimLit } from './build/trim-lit.js';

/** Removes the previous build's lazy files (their names carry a hash, so none is overwritten). */
function cleanLazyFiles(): Plugin {
  return {
    name: 'lipwa:clean-lazy-files',
    buildStart() {
      rmSync(new URL('./dist/lipwa-parts', import.meta.url), { recursive: true, force: true });
    },
  };
}

export default defineConfig({
  plugins: [
    cleanLazyFiles(),
    packTables(),
    trimLit(),
    minifyStyles(),
    collapseTemplateWhitespace(),
    mangleProps(),
    classicEntry(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    sourcemap: false,
    target: 'es2022',
    lib: {
      entry: 'src/script-tag.ts',
      formats: ['es'],
      fileName: () => 'lipwa.js',
    },
    rollupOptions: {
      // Lets the code both lipwa.js and a lazy file use stay in lipwa.js (no third file to wait
      // for); the lazy files reach it through the key `classicEntry` shares.
      preserveEntrySignatures: 'allow-extension',
      // `lipwa-parts/<part>.<hash>.js`: `en`, `sw` (entry texts), `en-payment`, `after-pay`, …
      // (not `lipwa/`: a page serving lipwa.js at its root often mounts the kit at /lipwa)
      output: { chunkFileNames: 'lipwa-parts/[name].[hash].js' },
    },
  },
});
