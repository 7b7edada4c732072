/// <reference types="node" />
/**
 * A merchant endpoint for tests where the answer matters (C2B and paybill validation): records
 * every request as the kit would hand it to an adapter (raw bytes, lower-case headers, decoded
 * query, the route's `provider` and `token`) and answers with whatever `answer` returns for it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackInput } from '@lipwa/core';

export interface EndpointAnswer {
  readonly status: number;
  /** Sent as JSON unless it is a string (sent as is). */
  readonly body: unknown;
}

export interface ReceivedRequest {
  readonly path: string;
  readonly input: CallbackInput;
  readonly answered: EndpointAnswer;
}

export interface MerchantEndpoint {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly received: ReceivedRequest[];
  /** Requests whose path contains `part`, oldest first. */
  to(part: string): CallbackInput[];
  close(): Promise<void>;
}

function routeParams(pathname: string): Record<string, string> {
  const match = /\/callbacks\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match?.[1]) return {};
  const params: Record<string, string> = { provider: decodeURIComponent(match[1]) };
  if (match[2]) params.token = decodeURIComponent(match[2]);
  return params;
}

export async function startMerchantEndpoint(
  answer: (input: CallbackInput, path: string) => EndpointAnswer = () => ({
    status: 200,
    body: {},
  }),
): Promise<MerchantEndpoint> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://endpoint.invalid');
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const path = `${url.pathname}${url.search}`;
      const input: CallbackInput = {
        method: req.method ?? 'POST',
        headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        query: Object.fromEntries(url.searchParams),
        params: routeParams(url.pathname),
        remoteAddress: req.socket.remoteAddress,
      };
      let answered: EndpointAnswer;
      try {
        answered = answer(input, path);
      } catch {
        answered = { status: 400, body: { error: 'refused' } };
      }
      received.push({ path, input, answered });
      res.writeHead(answered.status, { 'content-type': 'application/json' });
      res.end(typeof answered.body === 'string' ? answered.body : JSON.stringify(answered.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    to: (part) => received.filter((r) => r.path.includes(part)).map((r) => r.input),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
