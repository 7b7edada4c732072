// The script-tag bundle: one minified IIFE with Lit inside, written next to tsc's output.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    sourcemap: false,
    target: 'es2022',
    lib: {
      entry: 'src/script-tag.ts',
      formats: ['iife'],
      name: 'Lipwa',
      fileName: () => 'lipwa.js',
    },
  },
});
