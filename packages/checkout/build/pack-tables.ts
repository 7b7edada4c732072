/**
 * Ships each after-"Pay" language table of the script-tag build as its words alone, one a line,
 * with the keys written once into the after-"Pay" code (`src/i18n/payment-keys.ts`): the keys
 * are the same in every language and cost nearly as many bytes as the words.
 */
import type { Plugin } from 'vite';
import enPayment from '../src/i18n/en-payment.js';
import swPayment from '../src/i18n/sw-payment.js';

type Table = Readonly<Record<string, unknown>>;

/** `reasons.wrong_pin`-style keys of a table, one level of nesting deep, in the table's order. */
export function tableKeys(table: Table): string[] {
  return Object.entries(table).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [key]
      : Object.keys(value as Table).map((inner) => `${key}.${inner}`),
  );
}

/** The words of `table` in `keys` order, one a line; refuses a table that cannot be packed. */
export function packTable(table: Table, keys: readonly string[]): string {
  const own = tableKeys(table);
  if (own.length !== keys.length || own.some((key) => !keys.includes(key))) {
    throw new Error('pack-tables: a payment table has other keys than the English one');
  }
  return keys
    .map((key) => {
      const [name = '', inner] = key.split('.');
      const value = inner ? (table[name] as Table)[inner] : table[name];
      if (typeof value !== 'string' || value.includes('\n')) {
        throw new Error(`pack-tables: ${key} must be one line of text`);
      }
      return value;
    })
    .join('\n');
}

/** The keys with each group's name written once: `reasons.wrong_pin .unknown` (see `unpackTable`). */
export function groupedKeys(keys: readonly string[]): string {
  return keys
    .map((key, index) => {
      const group = key.split('.')[0] ?? '';
      const previous = keys[index - 1]?.split('.');
      return previous?.[1] !== undefined && previous[0] === group ? key.slice(group.length) : key;
    })
    .join(' ');
}

export function packTables(): Plugin {
  const keys = tableKeys(enPayment);
  const packed: Record<string, string> = {
    'en-payment.ts': packTable(enPayment, keys),
    'sw-payment.ts': packTable(swPayment, keys),
  };
  return {
    name: 'lipwa:pack-tables',
    enforce: 'pre',
    load(id) {
      const file = id.split('/src/i18n/')[1];
      if (file === 'payment-keys.ts') {
        return `export const paymentKeys = ${JSON.stringify(groupedKeys(keys))};`;
      }
      const table = file ? packed[file] : undefined;
      return table === undefined ? undefined : `export default ${JSON.stringify(table)};`;
    },
  };
}
