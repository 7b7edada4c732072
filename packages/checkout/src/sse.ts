/**
 * A pure Server-Sent Events parser (WHATWG "event stream interpretation"): it takes text in
 * arbitrary chunks and yields complete messages. Kept free of I/O so it can be tested alone and
 * reused by the stream reader; the widget reads the stream with `fetch` because EventSource
 * cannot send the session token in a header.
 */

export interface SseMessage {
  /** `message` when the block had no `event:` field. */
  readonly event: string;
  /** Every `data:` line of the block, joined with `\n`. */
  readonly data: string;
  readonly id?: string | undefined;
  /** Reconnection delay the server asked for, in milliseconds. */
  readonly retry?: number | undefined;
}

export interface SseParser {
  /** Feeds the next chunk of text; returns the messages it completed. */
  push(chunk: string): SseMessage[];
  /** The stream ended: a trailing block without its blank line is discarded, as the spec says. */
  end(): void;
}

export function createSseParser(): SseParser {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let hasData = false;
  let id: string | undefined;
  let retry: number | undefined;
  // A chunk may end between the CR and the LF of a CRLF pair.
  let skipLeadingLf = false;

  function dispatch(out: SseMessage[]): void {
    if (hasData) out.push({ event: event || 'message', data: data.join('\n'), id, retry });
    event = '';
    data = [];
    hasData = false;
    retry = undefined;
  }

  function processLine(line: string, out: SseMessage[]): void {
    if (line === '') {
      dispatch(out);
      return;
    }
    if (line.startsWith(':')) return; // a comment, such as `: ping`
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        event = value;
        break;
      case 'data':
        data.push(value);
        hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  return {
    push(chunk: string): SseMessage[] {
      const out: SseMessage[] = [];
      let text = chunk;
      if (skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
      skipLeadingLf = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        processLine(buffer.slice(start, i), out);
        if (char === '\r') {
          if (i + 1 === buffer.length) skipLeadingLf = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    end(): void {
      buffer = '';
      event = '';
      data = [];
      hasData = false;
    },
  };
}
