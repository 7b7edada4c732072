/**
 * The gateway's signature, as the gateway itself checks it (payment-gateway.md): key + value
 * for every parameter in the order received, `signature` skipped, nested objects prefixed
 * `parent.`, PHP string rules (true "1", false and null ""), HMAC-SHA512, lower-case hex. The
 * simulator keeps its own implementation: it must not share the adapter's code it tests.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAX_DEPTH = 16;

function flatten(params: object, prefix: string, depth: number): string {
  if (depth >= MAX_DEPTH) throw new RangeError('Recursion level exceeded');
  let text = '';
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'object' && value !== null) {
      text += flatten(value, `${prefix}${key}.`, depth + 1);
    } else if (key !== 'signature') {
      const written = value === true ? '1' : value === false || value == null ? '' : String(value);
      text += `${prefix}${key}${written}`;
    }
  }
  return text;
}

/** Lower-case hex HMAC-SHA512 of the flattened parameters. */
export function gatewaySign(params: object, secretKey: string): string {
  return createHmac('sha512', secretKey)
    .update(flatten(params, '', 0), 'utf8')
    .digest('hex');
}

/** Whether `params.signature` is right; compared in constant time on equal-length buffers. */
export function gatewaySignatureValid(params: Record<string, unknown>, secretKey: string): boolean {
  const given = params.signature;
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{128}$/.test(given)) return false;
  let expected: Buffer;
  try {
    expected = Buffer.from(gatewaySign(params, secretKey), 'hex');
  } catch {
    return false;
  }
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** `params` with its `signature` appended last, as the gateway sends callbacks. */
export function withGatewaySignature<T extends object>(
  params: T,
  secretKey: string,
): T & { signature: string } {
  return { ...params, signature: gatewaySign(params, secretKey) };
}
