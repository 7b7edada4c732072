import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse.js';

// A status stream exactly as the server kit writes it: a comment, then PaymentView events.
const completed = JSON.stringify({
  id: 'pay_ws_CO_23052022122137653708374149',
  status: 'completed',
  receipt: 'NLJ7RT61SV',
});

function setup() {
  return createSseParser();
}

describe('the SSE parser', () => {
  it('reads an event name and its data when the block ends with a blank line', () => {
    const parser = setup();

    const messages = parser.push(`event: payment\ndata: ${completed}\n\n`);

    expect(messages).toEqual([
      { event: 'payment', data: completed, id: undefined, retry: undefined },
    ]);
  });

  it('joins multi-line data with newlines', () => {
    const parser = setup();

    const [message] = parser.push('event: payment\ndata: {"a":\ndata: 1}\n\n');

    expect(message?.data).toBe('{"a":\n1}');
  });

  it('ignores comments such as the server keep-alive ": ping"', () => {
    const parser = setup();

    const messages = parser.push(': ping\n\n: ping\nevent: payment\ndata: {}\n\n');

    expect(messages.map((m) => m.event)).toEqual(['payment']);
  });

  it('assembles a message split across arbitrary chunks', () => {
    const parser = setup();
    const text = `event: payment\ndata: ${completed}\n\n`;

    const messages = [
      text.slice(0, 3),
      text.slice(3, 20),
      text.slice(20, -1),
      text.slice(-1),
    ].flatMap((chunk) => parser.push(chunk));

    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0]?.data ?? '')).toMatchObject({ receipt: 'NLJ7RT61SV' });
  });

  it('accepts CRLF and lone CR line endings, even with CR and LF in different chunks', () => {
    const parser = setup();

    const first = parser.push('event: payment\r\ndata: one\r');
    const second = parser.push('\n\r\nevent: payment\rdata: two\r\r');

    expect([...first, ...second].map((m) => m.data)).toEqual(['one', 'two']);
  });

  it('calls an event without a name "message" and strips only one leading space', () => {
    const parser = setup();

    const [message] = parser.push('data:  two spaces\n\n');

    expect(message).toMatchObject({ event: 'message', data: ' two spaces' });
  });

  it('skips blocks with no data and keeps id and retry', () => {
    const parser = setup();

    const messages = parser.push('event: payment\n\nid: 7\nretry: 3000\ndata: x\n\n');

    expect(messages).toEqual([{ event: 'message', data: 'x', id: '7', retry: 3000 }]);
  });

  it('discards a final block that never got its blank line', () => {
    const parser = setup();

    const messages = parser.push('event: payment\ndata: half');
    parser.end();

    expect(messages).toEqual([]);
    expect(parser.push('\n\n')).toEqual([]);
  });
});
