/**
 * Reads an M-Pesa confirmation SMS the way the gateway's `extractTransaction` does (formats in
 * mpesa-sms.md): a 10-character transaction id, "Confirmed" (any case), then one of the known
 * bodies: money received, sent to a person, paid to a paybill or a till, airtime bought, or a
 * reversal credited. Dates are `d/M/yy`, times `h:mm AM`, in Nairobi time (UTC+3); amounts
 * `Ksh1,234.00`; the space after a full stop is sometimes missing. Anything else is refused with
 * a reason, never half read.
 */

export type SmsKind = 'received' | 'sent' | 'paybill' | 'till' | 'airtime' | 'reversal';

export interface SmsTransaction {
  readonly kind: SmsKind;
  /** M-Pesa's transaction id (the receipt). */
  readonly transactionId: string;
  /** KES, as the SMS wrote it (two decimals). */
  readonly amount: number;
  /** The other side: who paid (received, reversal) or was paid. */
  readonly counterparty: { readonly name: string | null; readonly account: string | null };
  /** The paybill account number the customer typed. */
  readonly accountNumber?: string | undefined;
  /** The transaction a reversal undid. */
  readonly reversedTransactionId?: string | undefined;
  /** Epoch ms (UTC). */
  readonly time: number;
}

export type SmsReading =
  | { readonly ok: true; readonly transaction: SmsTransaction }
  | { readonly ok: false; readonly reason: string };

const NAIROBI_OFFSET_HOURS = 3;
const AMOUNT = 'Ksh\\s?([\\d,]+\\.\\d{2})';
const WHEN = 'on (\\d{1,2})/(\\d{1,2})/(\\d{2}) at (\\d{1,2}):(\\d{2}) ?([AP]M)';
const PHONE = '(\\+?\\d{9,12})';

interface Format {
  readonly kind: SmsKind;
  readonly pattern: RegExp;
  /** Reads the named parts from a match. */
  read(match: RegExpExecArray): Omit<SmsTransaction, 'kind' | 'transactionId' | 'time'> & {
    readonly when: string[];
  };
}

const whenParts = (match: RegExpExecArray, from: number) => match.slice(from, from + 6);
const amountOf = (text: string | undefined) => Number((text ?? '').replace(/,/g, ''));

// Order matters: a paybill payment is also "sent to", so it is tried before a person.
const formats: readonly Format[] = [
  {
    kind: 'received',
    pattern: new RegExp(
      `^(?:You have received ${AMOUNT}|${AMOUNT} received) from (.+?) ${PHONE} ${WHEN}`,
      'i',
    ),
    read: (m) => ({
      amount: amountOf(m[1] ?? m[2]),
      counterparty: { name: m[3] ?? null, account: m[4] ?? null },
      when: whenParts(m, 5),
    }),
  },
  {
    kind: 'paybill',
    pattern: new RegExp(`^${AMOUNT} sent to (.+?) for account (\\S+) ${WHEN}`, 'i'),
    read: (m) => ({
      amount: amountOf(m[1]),
      counterparty: { name: m[2] ?? null, account: null },
      accountNumber: m[3],
      when: whenParts(m, 4),
    }),
  },
  {
    kind: 'sent',
    pattern: new RegExp(`^${AMOUNT} sent to (.+?) ${PHONE} ${WHEN}`, 'i'),
    read: (m) => ({
      amount: amountOf(m[1]),
      counterparty: { name: m[2] ?? null, account: m[3] ?? null },
      when: whenParts(m, 4),
    }),
  },
  {
    kind: 'till',
    pattern: new RegExp(`^${AMOUNT} paid to (.+?)\\.? ${WHEN}`, 'i'),
    read: (m) => ({
      amount: amountOf(m[1]),
      counterparty: { name: m[2] ?? null, account: null },
      when: whenParts(m, 3),
    }),
  },
  {
    kind: 'airtime',
    pattern: new RegExp(`^You bought ${AMOUNT} of airtime(?: for ${PHONE})? ${WHEN}`, 'i'),
    read: (m) => ({
      amount: amountOf(m[1]),
      counterparty: { name: 'Safaricom', account: m[2] ?? null },
      when: whenParts(m, 3),
    }),
  },
  {
    kind: 'reversal',
    pattern: new RegExp(
      `^Reversal of transaction ([A-Z0-9]{10}) has been successfully reversed ${WHEN} and ${AMOUNT} is credited to your M-PESA account`,
      'i',
    ),
    read: (m) => ({
      amount: amountOf(m[8]),
      counterparty: { name: null, account: null },
      reversedTransactionId: m[1]?.toUpperCase(),
      when: whenParts(m, 2),
    }),
  },
];

/** `d/M/yy` and `h:mm AM` in Nairobi time, as epoch ms; undefined for an impossible date. */
function nairobiTime([day, month, year, hour, minute, meridiem]: string[]): number | undefined {
  const d = Number(day);
  const mo = Number(month);
  const y = 2000 + Number(year);
  const h = Number(hour);
  const mi = Number(minute);
  if (mo < 1 || mo > 12 || d < 1 || h < 1 || h > 12 || mi > 59) return undefined;
  const h24 = (h % 12) + (meridiem?.toUpperCase() === 'PM' ? 12 : 0);
  const at = Date.UTC(y, mo - 1, d, h24 - NAIROBI_OFFSET_HOURS, mi);
  // Date.UTC rolls 31/2 over into March: refuse it instead.
  const local = new Date(at + NAIROBI_OFFSET_HOURS * 3_600_000);
  return local.getUTCDate() === d && local.getUTCMonth() === mo - 1 ? at : undefined;
}

export function readMpesaSms(message: string): SmsReading {
  // One line, single spaces, and a space after every full stop that lost it.
  const text = message
    .replace(/\s+/g, ' ')
    .replace(/\.(?=[A-Za-z])/g, '. ')
    .trim();
  const header = /^([A-Z0-9]{10}) confirmed\.? ?(.*)$/i.exec(text);
  if (!header?.[1] || header[1] !== header[1].toUpperCase()) {
    return {
      ok: false,
      reason:
        'The message does not start with an M-Pesa transaction id and "Confirmed" (forwarded or edited messages cannot be read).',
    };
  }
  const body = header[2] ?? '';
  for (const format of formats) {
    const match = format.pattern.exec(body);
    if (!match) continue;
    const { when, ...read } = format.read(match);
    const time = nairobiTime(when);
    if (time === undefined)
      return { ok: false, reason: 'The date or time in the message is not valid.' };
    if (!(read.amount > 0)) return { ok: false, reason: 'The amount in the message is not valid.' };
    return {
      ok: true,
      transaction: { kind: format.kind, transactionId: header[1], time, ...read },
    };
  }
  return {
    ok: false,
    reason:
      'The message is not a known M-Pesa confirmation (received, sent, paybill, till, airtime or reversal).',
  };
}
