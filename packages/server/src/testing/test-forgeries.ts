/**
 * Test-only: how an attacker forges a provider callback from a genuine one they have seen, each
 * change a real one of its kind: a bit flipped in the signature or the body, the amount
 * changed, the JSON re-serialised (same facts, other bytes), the signature left out, a token
 * guessed or altered. Seeded, so every run forges the same 10,000.
 */

/** A small seeded PRNG (mulberry32): the same seed, the same sequence, on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Characters a flip must not make: JSON and URL syntax (that would be another forgery). */
const SYNTAX = new Set(['"', '\\', '/', '%', '?', '#']);

/**
 * One character of `text` changed by one bit, at a random position, still printable. A flip
 * that only changes a letter's case is not taken: hex signatures are compared without case,
 * so `A` for `a` is the same signature, not a forgery.
 */
export function flipOneBit(text: string, random: () => number): string {
  for (;;) {
    const at = Math.floor(random() * text.length);
    const before = text.charAt(at);
    const after = String.fromCharCode(text.charCodeAt(at) ^ (1 << Math.floor(random() * 6)));
    const printable = after >= '!' && after <= '~';
    if (printable && !SYNTAX.has(after) && after.toLowerCase() !== before.toLowerCase()) {
      return text.slice(0, at) + after + text.slice(at + 1);
    }
  }
}

/** The same JSON with its keys in reverse order and spaces added: equal facts, other bytes. */
export function reserialise(rawBody: string): string {
  const reorder = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reorder);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, inner]) => [key, reorder(inner)]),
    );
  };
  return JSON.stringify(reorder(JSON.parse(rawBody)), null, 1);
}

/** Every amount-named number or numeric string in the body multiplied by 100 (a bigger bill paid small). */
export function wrongAmount(rawBody: string): string {
  const bump = (value: unknown): unknown =>
    typeof value === 'number'
      ? value * 100
      : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)
        ? String(Number(value) * 100)
        : value;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      // Daraja's `{ Name: 'Amount', Value: 1500 }` items.
      return value.map((item) =>
        typeof item === 'object' && item !== null && (item as { Name?: unknown }).Name === 'Amount'
          ? { ...item, Value: bump((item as { Value?: unknown }).Value) }
          : walk(item),
      );
    }
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        /amount/i.test(key) ? bump(inner) : walk(inner),
      ]),
    );
  };
  const changed = JSON.stringify(walk(JSON.parse(rawBody)));
  if (changed === JSON.stringify(JSON.parse(rawBody))) {
    throw new Error('wrongAmount: this body names no amount');
  }
  return changed;
}

/** A token of the kit's shape (43 base64url characters), guessed. */
export function guessedToken(random: () => number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from({ length: 43 }, () => alphabet[Math.floor(random() * 64)]).join('');
}
