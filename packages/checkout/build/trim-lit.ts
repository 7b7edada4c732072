import type { Plugin } from 'vite';

/**
 * Lit's production files still carry hooks for the ShadyDOM polyfills (`*PolyfillSupport`),
 * SSR hydration (`litElementHydrateSupport`) and a page-wide version registry (`*Versions`,
 * read by Lit's dev-mode warning about two copies). The widget targets browsers with native
 * shadow DOM (ES2022), renders on the client only, and ships Lit's production build, so none of
 * them is ever used: each hook becomes `(void 0)` (its optional call then drops out when
 * minified; bare `void 0?.(x)` would mean `void (0?.(x))` and call 0) and each version push
 * becomes `0`.
 */
const VERSION_PUSH =
  /\(\w+\.(?:litHtml|reactiveElement|litElement)Versions\?\?=\[\]\)\.push\("[\d.]+"\)/g;
const HOOK =
  /\w+\.(?:(?:litHtml|reactiveElement|litElement)PolyfillSupport|litElementHydrateSupport)\b/g;
const LIT_FILE =
  /node_modules\/(?:lit-html\/lit-html|@lit\/reactive-element\/reactive-element|lit-element\/lit-element)\.js$/;

export function trimLit(): Plugin {
  return {
    name: 'lipwa:trim-lit',
    transform(code, id) {
      if (!LIT_FILE.test(id)) return undefined;
      const trimmed = code.replace(VERSION_PUSH, '0').replace(HOOK, '(void 0)');
      // A Lit release that renamed them: fail loudly rather than silently ship them again.
      if (trimmed === code) this.error(`trim-lit: no polyfill hook or version push found in ${id}`);
      return { code: trimmed, map: null };
    },
  };
}
