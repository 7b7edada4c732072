import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** The script-tag build the package ships: `lipwa.js` and `lipwa-parts/`. */
const dist = path.dirname(createRequire(import.meta.url).resolve('@lipwa/checkout/lipwa.js'));

export interface StaticCdn {
  /** `http://127.0.0.1:<port>`: another origin than any shop's. */
  readonly origin: string;
  close(): Promise<void>;
}

export interface CdnOptions {
  /** Which files carry `Access-Control-Allow-Origin: *`: all, only lipwa.js, or none. */
  readonly cors: 'all' | 'entry-only' | 'none';
}

/**
 * A CDN serving the package's script-tag build from its own origin, as jsDelivr or a bucket
 * would: hashed parts cached for ever, `lipwa.js` for five minutes, CORS as asked.
 */
export async function startStaticCdn({ cors }: CdnOptions): Promise<StaticCdn> {
  const server: Server = createServer(async (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://cdn').pathname;
    const part = /^\/lipwa-parts\/[\w-]+\.[\w-]+\.js$/.test(pathname);
    if (pathname !== '/lipwa.js' && !part) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(path.join(dist, pathname));
      const headers: Record<string, string> = {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': part ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      };
      if (cors === 'all' || (cors === 'entry-only' && !part)) {
        headers['access-control-allow-origin'] = '*';
      }
      response.writeHead(200, headers).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}
