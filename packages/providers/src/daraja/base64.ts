/**
 * Base64 of text as UTF-8 bytes. `btoa` alone throws on anything outside Latin-1, and a
 * credential with such a character must still encode the way Daraja decodes it.
 */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
