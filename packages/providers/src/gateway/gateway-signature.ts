/**
 * The Payment Gateway's signature over a request or a callback (payment-gateway.md): every
 * parameter as `key + value` in the order sent, `signature` skipped, nested objects flattened
 * with a `parent.` prefix, PHP's string rules for scalars, then HMAC-SHA512 with the merchant's
 * secret key, as lower-case hex. Web Crypto only, so the package stays isomorphic; the check is
 * `crypto.subtle.verify`, which compares in constant time.
 */

/** A request or callback body as sent: key order matters. */
export type GatewayParams = Readonly<Record<string, unknown>>;

/** The PHP sample refuses to recurse this deep; so do we. */
export const MAX_SIGNATURE_DEPTH = 16;

const SIGNATURE_HEX = /^[0-9a-fA-F]{128}$/;

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

/**
 * PHP's `"$key" . $value`: true is "1", false and null are "", numbers as written. (The sample
 * only meets strings and integers; a float in a callback is written the way JSON wrote it.)
 */
function phpString(value: unknown): string {
  if (value === true) return '1';
  if (value === false || value === null || value === undefined) return '';
  return String(value);
}

/**
 * The text that gets signed. Like the PHP sample, a nested object (even one named `signature`)
 * is recursed into, and only scalar `signature` keys are skipped, at any level. The sample's
 * typo (`$StringForSignature`) would drop nested values; the documented intent keeps them.
 */
export function gatewaySigningString(params: GatewayParams, prefix = '', depth = 0): string {
  if (depth >= MAX_SIGNATURE_DEPTH) {
    throw new RangeError(
      `Gateway parameters are nested deeper than ${MAX_SIGNATURE_DEPTH} levels.`,
    );
  }
  let text = '';
  for (const [key, value] of Object.entries(params)) {
    if (isContainer(value)) {
      text += gatewaySigningString(value as GatewayParams, `${prefix}${key}.`, depth + 1);
    } else if (key !== 'signature') {
      text += `${prefix}${key}${phpString(value)}`;
    }
  }
  return text;
}

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export interface GatewaySigner {
  /** Lower-case hex HMAC-SHA512 over `params` (their `signature`, if any, is skipped). */
  sign(params: GatewayParams): Promise<string>;
  /** Whether `signature` is the one `params` must carry; false for anything not 128 hex digits. */
  verify(params: GatewayParams, signature: unknown): Promise<boolean>;
}

/** A signer bound to one secret key; the key is imported once, on first use, and never exposed. */
export function createGatewaySigner(secretKey: string): GatewaySigner {
  const encoder = new TextEncoder();
  let key: Promise<CryptoKey> | undefined;
  const cryptoKey = () => {
    key ??= globalThis.crypto.subtle.importKey(
      'raw',
      encoder.encode(secretKey),
      { name: 'HMAC', hash: 'SHA-512' },
      false,
      ['sign', 'verify'],
    );
    return key;
  };
  return {
    async sign(params) {
      const data = encoder.encode(gatewaySigningString(params));
      return toHex(await globalThis.crypto.subtle.sign('HMAC', await cryptoKey(), data));
    },
    async verify(params, signature) {
      if (typeof signature !== 'string' || !SIGNATURE_HEX.test(signature)) return false;
      const data = encoder.encode(gatewaySigningString(params));
      return globalThis.crypto.subtle.verify('HMAC', await cryptoKey(), fromHex(signature), data);
    },
  };
}

/** One-off signature, e.g. for the documented test vectors. */
export function gatewaySignature(params: GatewayParams, secretKey: string): Promise<string> {
  return createGatewaySigner(secretKey).sign(params);
}
