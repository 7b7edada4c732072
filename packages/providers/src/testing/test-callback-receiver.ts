/// <reference types="node" />
/**
 * A merchant's callback endpoint for contract fixtures: records every request on 127.0.0.1:0
 * exactly as the kit would hand it to `verifyCallback` (raw bytes, lower-case headers, decoded
 * query, the route's `provider` and `token` params) and answers with a fixed acknowledgement.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackInput } from '@lipwa/core';

export interface ReceivedCallback {
  /** The request path, query string included. */
  readonly path: string;
  readonly input: CallbackInput;
}

export interface ContractCallbackReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request so far, oldest first. */
  readonly received: readonly ReceivedCallback[];
  close(): Promise<void>;
}

export interface ReceiverAnswer {
  readonly status: number;
  readonly body: string;
}

/** `/…/callbacks/:provider/:token?`, the kit's callback routes, wherever they are mounted. */
function routeParams(pathname: string): Record<string, string> {
  const match = /\/callbacks\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match?.[1]) return {};
  const params: Record<string, string> = { provider: decodeURIComponent(match[1]) };
  if (match[2]) params.token = decodeURIComponent(match[2]);
  return params;
}

export async function startContractReceiver(
  answer: ReceiverAnswer = { status: 200, body: '{}' },
): Promise<ContractCallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver.invalid');
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      received.push({
        path: `${url.pathname}${url.search}`,
        input: {
          method: req.method ?? 'POST',
          headers,
          rawBody: Buffer.concat(chunks).toString('utf8'),
          query: Object.fromEntries(url.searchParams),
          params: routeParams(url.pathname),
          remoteAddress: req.socket.remoteAddress,
        },
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
