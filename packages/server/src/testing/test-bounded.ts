/**
 * Test-only helpers for the abuse proofs: many requests with bounded concurrency (so a flood
 * of thousands measures the kit, not the test's own socket pile-up) and a heap reading after
 * a full garbage collection (so a figure is what is retained, not what is merely unswept).
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Runs `task(0) … task(count - 1)` with at most `concurrency` in flight; results in order. */
export async function inParallel<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** V8's `gc()`, exposed at run time (vitest does not start workers with `--expose-gc`). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Bytes of heap in use after a full collection. */
export function retainedHeap(): number {
  const gc = collector();
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Counts of each value, e.g. HTTP statuses: `{ "201": 20, "429": 9980 }`. */
export function tally(values: readonly (string | number)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

export interface PlainResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A lean HTTP client for floods: `node:http` on one keep-alive agent. `fetch` builds WHATWG
 * streams for every answer, which for 10,000 requests costs more than the kit answering them.
 */
export function plainClient(maxSockets = 16) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  return {
    request(
      url: string,
      options: { method?: string; headers?: Record<string, string>; body?: string } = {},
    ): Promise<PlainResponse> {
      return new Promise((resolve, reject) => {
        const outgoing = httpRequest(
          url,
          { method: options.method ?? 'GET', headers: options.headers, agent },
          (incoming) => {
            let body = '';
            incoming.setEncoding('utf8');
            incoming.on('data', (chunk: string) => {
              body += chunk;
            });
            incoming.on('end', () =>
              resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }),
            );
            incoming.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end(options.body);
      });
    },
    close(): void {
      agent.destroy();
    },
  };
}
