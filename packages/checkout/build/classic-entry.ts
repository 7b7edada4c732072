/**
 * The script-tag build as one classic script plus ES-module files loaded on demand.
 *
 * Merchants write `<script src=".../lipwa.js">` (no `type="module"`), so the entry must be a
 * classic script; the parts loaded later (a language's texts, the after-"Pay" code) are fetched
 * with `import()`, which a classic script may use and which resolves against the script's own
 * URL (so they load from wherever lipwa.js was served: the shop, a CDN). Rolldown writes ES
 * chunks; this plugin then
 * - wraps the entry in a function (its names stay off the page's global scope) and, instead of
 *   `export { … }`, hands what the lazy files use to them on one `Symbol.for` key named after
 *   the build, so two different builds on one page never mix;
 * - turns each lazy file's `import { … } from "../lipwa.js"` into a read of that key (importing
 *   the entry as a module would run a second copy of it);
 * - minifies everything fully (Vite leaves an ES library's whitespace).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { minify, type Plugin, type Rollup } from 'vite';

type PluginContext = Rollup.PluginContext;

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}
interface Specifier extends Node {
  local: { name: string };
  exported?: { name: string };
  imported?: { name: string };
}

/** `{ a: b, c }` from the specifiers of `export { b as a, c }` or `import { a as b, c }`. */
function pattern(pairs: [key: string, name: string][]): string {
  return `{${pairs.map(([key, name]) => (key === name ? key : `${key}:${name}`)).join(',')}}`;
}

/**
 * A part that reads the kit names it by this build's key, but Rolldown hashed its name before
 * that key was written in: a new lipwa.js would load an old copy a CDN kept for ever under the
 * same name, and find no kit. The part is written under a name hashed from its final content
 * (as an asset: Rolldown writes no chunk added here) and the entry's `import()` follows; returns
 * the entry's body with the new name.
 */
function rename(
  context: PluginContext,
  bundle: Record<string, unknown>,
  chunk: { fileName: string; code: string },
  entry: { fileName: string },
  body: string,
): string {
  const hash = createHash('sha256').update(chunk.code).digest('base64url').slice(0, 8);
  const fileName = chunk.fileName.replace(/\.[\w-]+\.js$/, `.${hash}.js`);
  const from = path.posix.relative(path.posix.dirname(entry.fileName), chunk.fileName);
  const to = path.posix.relative(path.posix.dirname(entry.fileName), fileName);
  if (!body.includes(from)) throw new Error(`classic-entry: lipwa.js does not import ${from}`);
  delete bundle[chunk.fileName];
  context.emitFile({ type: 'asset', fileName, source: chunk.code });
  return body.replaceAll(from, to);
}

/**
 * Where lipwa.js's `import()` of its parts resolves. A classic script from another origin fetched
 * without CORS (no `crossorigin` on the tag) has no base URL for `import()` (whatwg/html#5753:
 * Chromium resolves against `about:blank`), so its parts could not load at all: such a script
 * resolves them against its own `src` instead. Any other script keeps the browser's resolution,
 * which follows redirects (an unversioned CDN URL to a versioned one).
 */
const PART_BASE =
  'const lipwaScript=globalThis.document?.currentScript,' +
  'lipwaPartBase=lipwaScript?.src&&lipwaScript.crossOrigin==null&&' +
  'new URL(lipwaScript.src).origin!==location.origin?lipwaScript.src:"",' +
  'lipwaPart=(part)=>import(lipwaPartBase?new URL(part,lipwaPartBase).href:part);';

/** Every `import("./lipwa-parts/…")` in the entry becomes `lipwaPart("./lipwa-parts/…")`. */
function resolvePartsAgainstScript(context: PluginContext, body: string): string {
  const parts = /\bimport\((["'`])(\.\/lipwa-parts\/[^"'`]+)\1\)/g;
  const resolved = body.replace(parts, 'lipwaPart($1$2$1)');
  if (resolved === body) context.error('classic-entry: lipwa.js imports no part from lipwa-parts/');
  return resolved;
}

export function classicEntry(): Plugin {
  return {
    name: 'lipwa:classic-entry',
    async generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [file] : []));
      const entry = chunks.find((chunk) => chunk.isEntry);
      if (!entry) this.error('the script-tag build has no entry chunk');
      const hash = createHash('sha256').update(entry.code).digest('base64url').slice(0, 10);
      const kit = `globalThis[Symbol.for("lipwa.${hash}")]`;

      const exported: [string, string][] = [];
      let body = entry.code;
      for (const node of (this.parse(entry.code) as unknown as { body: Node[] }).body.reverse()) {
        if (node.type === 'ImportDeclaration') {
          this.error(`lipwa.js must not import (${entry.code.slice(node.start, node.end)})`);
        }
        if (node.type !== 'ExportNamedDeclaration') continue;
        for (const specifier of node.specifiers as Specifier[]) {
          exported.push([specifier.exported?.name ?? specifier.local.name, specifier.local.name]);
        }
        body = body.slice(0, node.start) + body.slice(node.end);
      }
      const share = exported.length ? `${kit}=${pattern(exported)};` : '';

      for (const chunk of chunks) {
        if (chunk === entry) continue;
        let code = chunk.code;
        const fromEntry = path.posix.relative(path.posix.dirname(chunk.fileName), entry.fileName);
        for (const node of (this.parse(code) as unknown as { body: Node[] }).body.reverse()) {
          const source = (node.source as { value?: string } | undefined)?.value ?? '';
          if (node.type !== 'ImportDeclaration' || path.posix.normalize(source) !== fromEntry) {
            continue;
          }
          const names = (node.specifiers as Specifier[]).map((specifier): [string, string] => [
            specifier.imported?.name ?? specifier.local.name,
            specifier.local.name,
          ]);
          code = `${code.slice(0, node.start)}const ${pattern(names)}=${kit};${code.slice(node.end)}`;
        }
        chunk.code = (await minify(chunk.fileName, code, { module: true })).code;
        if (code.includes(kit)) body = rename(this, bundle, chunk, entry, body);
      }
      body = resolvePartsAgainstScript(this, body);
      entry.code = (await minify(entry.fileName, `(()=>{${PART_BASE}${body}\n${share}})();`)).code;
    },
  };
}
