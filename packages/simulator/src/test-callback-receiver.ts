/**
 * A tiny merchant endpoint on 127.0.0.1:0 that records every callback or webhook it receives,
 * with its exact bytes and headers (signatures are checked over those), for every provider's tests.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  /** The body parsed as JSON (`undefined` when it is not JSON). */
  readonly body: unknown;
}

export interface CallbackReceiver {
  /** The URL to give the simulator: per-payment for Daraja by default, or `options.path`. */
  readonly url: string;
  readonly received: ReceivedCallback[];
  close(): Promise<void>;
}

export interface CallbackReceiverOptions {
  /** The HTTP status every callback is answered with; default 200. */
  readonly answerStatus?: number;
  /** The path of `url`; default a Daraja-style per-payment URL. */
  readonly path?: string;
  /** The JSON answered; default Daraja's acknowledgement. */
  readonly answer?: string;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function startCallbackReceiver(
  options: CallbackReceiverOptions | number = {},
): Promise<CallbackReceiver> {
  const settings = typeof options === 'number' ? { answerStatus: options } : options;
  const received: ReceivedCallback[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '', headers: req.headers, rawBody, body: parsed(rawBody) });
      res.writeHead(settings.answerStatus ?? 200, { 'content-type': 'application/json' });
      res.end(settings.answer ?? '{"ResultCode":0,"ResultDesc":"Accepted"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${settings.path ?? '/lipwa/callbacks/daraja/tok_5f2c9a'}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A dashboard-registered webhook endpoint (Cashfin, payment apps) answering `{ "received": true }`. */
export function startWebhookReceiver(provider: string): Promise<CallbackReceiver> {
  return startCallbackReceiver({
    path: `/lipwa/callbacks/${provider}`,
    answer: '{"received":true}',
  });
}
