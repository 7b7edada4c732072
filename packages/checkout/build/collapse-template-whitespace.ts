import type { Plugin } from 'vite';
import { type AstNode, applyEdits, type Edit, walk } from './ast-edits.js';

/**
 * The minifier keeps the layout of Lit's `html`/`css` templates (newlines and indentation are
 * text to it); in markup and CSS any run of whitespace with a newline means one space, and
 * whitespace between two tags means nothing in these templates (no inline siblings rely on it).
 * Only tagged templates are touched: a plain template literal (Lit's own `[ \t\n\f\r]`) may
 * mean its newline.
 */
export function collapseTemplateWhitespace(): Plugin {
  return {
    name: 'lipwa:collapse-template-whitespace',
    renderChunk(code) {
      const edits: Edit[] = [];
      walk(this.parse(code), (ast) => {
        if (ast.type !== 'TaggedTemplateExpression') return;
        for (const quasi of (ast.quasi as { quasis: AstNode[] }).quasis) {
          const raw = code.slice(quasi.start, quasi.end);
          const text = raw.replace(/\s*\n\s*/g, ' ').replace(/>\s+</g, '><');
          if (text !== raw) edits.push({ start: quasi.start, end: quasi.end, text });
        }
      });
      return { code: applyEdits(code, edits), map: null };
    },
  };
}

/** CSS without comments and the spaces no parser needs (around braces, semicolons, commas). */
export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .replace(/\[([\w-]+[~|^$*]?=)'([a-z][\w-]*)'\]/g, '[$1$2]')
    .trim();
}

/** The stylesheets (`*.styles.ts`, one `css` template without bindings each), minified. */
export function minifyStyles(): Plugin {
  return {
    name: 'lipwa:minify-styles',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return undefined;
      return code.replace(/css`([^`$]*)`/g, (_whole, text: string) => `css\`${minifyCss(text)}\``);
    },
  };
}
