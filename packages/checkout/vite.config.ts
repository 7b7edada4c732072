// The script-tag bundle: one minified IIFE with Lit inside, written next to tsc's output.
import { defineConfig, type Plugin } from 'vite';

interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/**
 * The minifier keeps the layout of Lit's `html`/`css` templates (newlines and indentation are
 * text to it); in markup and CSS any run of whitespace with a newline means one space. Only
 * tagged templates are touched: a plain template literal (Lit's own `[ \t\n\f\r]`) may mean
 * its newline.
 */
function collapseTemplateWhitespace(): Plugin {
  return {
    name: 'lipwa:collapse-template-whitespace',
    renderChunk(code) {
      const edits: { start: number; end: number; text: string }[] = [];
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) {
          for (const item of node) visit(item);
          return;
        }
        if (!node || typeof node !== 'object') return;
        const ast = node as AstNode;
        if (ast.type === 'TaggedTemplateExpression') {
          for (const quasi of (ast.quasi as { quasis: AstNode[] }).quasis) {
            const raw = code.slice(quasi.start, quasi.end);
            const text = raw.replace(/\s*\n\s*/g, ' ');
            if (text !== raw) edits.push({ start: quasi.start, end: quasi.end, text });
          }
        }
        for (const value of Object.values(ast)) {
          if (value && typeof value === 'object') visit(value);
        }
      };
      visit(this.parse(code));
      let out = code;
      for (const edit of edits.sort((a, b) => b.start - a.start)) {
        out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      }
      return { code: out, map: null };
    },
  };
}

export default defineConfig({
  plugins: [collapseTemplateWhitespace()],
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
