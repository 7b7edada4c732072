/**
 * The after-"Pay" texts of a language, part of the after-"Pay" file. The table file is also
 * requested by the main file as soon as that part is, so both arrive together.
 */
import type { Locale, PaymentTable } from '../strings.js';
import { paymentKeys } from './payment-keys.js';

/**
 * A packed table (its words, one a line, in `paymentKeys` order) as the object it stands for.
 * `paymentKeys` writes each group's name once: `reasons.wrong_pin .unknown`.
 */
export function unpackTable(table: PaymentTable | string, keys = paymentKeys): PaymentTable {
  if (typeof table !== 'string' || !keys) return table as PaymentTable;
  const lines = table.split('\n');
  const unpacked: Record<string, Record<string, string> | string> = {};
  let name = '';
  keys.split(' ').forEach((key, index) => {
    // `reasons.wrong_pin .unknown`: a key starting with `.` is in the group named before it.
    const [outer, inner] = key.split('.');
    if (outer) name = outer;
    const value = lines[index] ?? '';
    if (!inner) {
      unpacked[name] = value;
      return;
    }
    const group = (unpacked[name] ?? {}) as Record<string, string>;
    group[inner] = value;
    unpacked[name] = group;
  });
  return unpacked as unknown as PaymentTable;
}

export function loadPaymentTable(locale: Locale): Promise<PaymentTable> {
  return (locale === 'sw' ? import('./sw-payment.js') : import('./en-payment.js')).then((file) =>
    unpackTable(file.default),
  );
}
