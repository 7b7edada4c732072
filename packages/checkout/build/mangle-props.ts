import {
  paymentMethodSchema,
  paymentViewSchema,
  sessionViewSchema,
  startPaymentBodySchema,
} from '@lipwa/core';
import type { Plugin } from 'vite';
import { type AstNode, applyEdits, type Edit, walk } from './ast-edits.js';

/**
 * Shortens the names of the widget's internal members in the script-tag build (the npm
 * package's `dist/*.js`, built by tsc, keeps them). The minifier renames variables but not
 * properties, and the model, the flow and the follower pass their state between lipwa.js and
 * the after-"Pay" part by property. Each name below is renamed wherever it is a property name
 * (`a.name`, `{ name: … }`, `{ name }`, a class member), in every chunk alike.
 *
 * A name belongs here only if it is the widget's own: never a public property or attribute of
 * the element, an event's detail, a field of the server's answers, a DOM or Lit member, a key
 * of the language tables, a state or status (objects keyed by them are read as `map[state]`),
 * nor a module export the lazy parts are read by. The build fails if a short name is already in
 * use, or if a name is a field of core's wire schemas (`flow`, a payment method's, once was). (Oxc's own `mangleProps` minifies one file at a time; these names cross from lipwa.js to
 * the after-"Pay" part, so one explicit mapping serves both.)
 */
const INTERNAL = [
  // the model (checkout-model.ts, checkout-controller.ts); `element` is also lit-html's
  // ElementPart member, renamed with it (read only by directives, which are bundled alike)
  'element',
  'load',
  'cooldownUntil',
  'phoneValue',
  'focusAfterLoad',
  'extensions',
  'extended',
  'phoneError',
  'paidFrom',
  'retryWait',
  'takeFocus',
  'pickMethod',
  'typePhone',
  'setOffline',
  'coolDown',
  'methodId',
  'tables',
  'late',
  'submit',
  'prefetch',
  // the language tables' holder (i18n/language-tables.ts)
  'entry',
  // the views' context
  'checkout',
  'intlLocale',
  'controls',
  // the payment flow, the watch and the follower
  'follow',
  'failed',
  'stop',
  'kind',
  'resume',
  'started',
  'leaveFor',
  'checkPopup',
  'refresh',
  'tick',
  'onPayment',
  'onError',
  'onConnection',
  'paymentId',
  'pollIntervalMs',
  'streamRetryMs',
  // the API client (the npm package's `createCheckoutApi` keeps these names)
  'openPaymentEvents',
  'getPayment',
  'startPayment',
  'getSession',
] as const;

/** `$a`, `$b`, …: no property of the bundle starts with `$` (checked below). */
const shortNames = new Map<string, string>(
  INTERNAL.map((name, index) => [
    name,
    `$${String.fromCharCode(97 + (index % 26))}${index >= 26 ? index - 25 : ''}`,
  ]),
);

interface SchemaDef {
  shape?: Record<string, unknown>;
  innerType?: unknown;
  element?: unknown;
  options?: unknown[];
}

/** Every field name of a zod schema, nested ones too: what the server and the widget exchange. */
function wireFields(schema: unknown, names = new Set<string>()): Set<string> {
  const def = (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
  if (!def) return names;
  for (const [name, field] of Object.entries(def.shape ?? {})) {
    names.add(name);
    wireFields(field, names);
  }
  for (const inner of [def.innerType, def.element, ...(def.options ?? [])])
    wireFields(inner, names);
  return names;
}

/** The property-name identifier of `node`, if it has one that is not computed. */
function propertyName(node: AstNode): AstNode | undefined {
  if (node.computed) return undefined;
  if (node.type === 'MemberExpression') return node.property as AstNode;
  if (
    node.type === 'Property' ||
    node.type === 'MethodDefinition' ||
    node.type === 'PropertyDefinition'
  ) {
    return node.key as AstNode;
  }
  return undefined;
}

export function mangleProps(): Plugin {
  const taken = new Set(shortNames.values());
  const wire = [
    sessionViewSchema,
    paymentViewSchema,
    paymentMethodSchema,
    startPaymentBodySchema,
  ].reduce((names, schema) => wireFields(schema, names), new Set<string>());
  const clash = INTERNAL.filter((name) => wire.has(name));
  if (clash.length) throw new Error(`mangle-props: ${clash.join(', ')} are fields of the protocol`);
  if (!wire.has('merchantName') || !wire.has('flow')) {
    throw new Error("mangle-props: could not read the fields of core's schemas");
  }
  return {
    name: 'lipwa:mangle-props',
    renderChunk(code, chunk) {
      const edits: Edit[] = [];
      walk(this.parse(code), (node) => {
        const key = propertyName(node);
        if (key?.type !== 'Identifier') return;
        const name = key.name as string;
        if (taken.has(name)) this.error(`mangle-props: ${chunk.fileName} already uses .${name}`);
        const short = shortNames.get(name);
        if (!short) return;
        if (code.slice(key.start, key.end) !== name) {
          this.error(`mangle-props: the parser's offsets do not match ${chunk.fileName}`);
        }
        // `{ name }` stands for `{ name: name }`: the key changes, the variable stays.
        const text = node.type === 'Property' && node.shorthand ? `${short}:${name}` : short;
        edits.push({ start: key.start, end: key.end, text });
      });
      return { code: applyEdits(code, edits), map: null };
    },
  };
}
