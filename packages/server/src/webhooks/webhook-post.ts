/**
 * One HTTP attempt at a merchant endpoint. No redirects are followed (a 3xx is a failure: the
 * signed body must not be replayed to wherever it points), the body is read no further than a
 * small limit, and an endpoint that hangs is cut off at the timeout. Never throws.
 */

export type PostOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'gone'; readonly status: 410 }
  | {
      readonly kind: 'failed';
      readonly error: string;
      readonly retryAfter?: string | null;
    };

const MAX_BODY_BYTES = 4096;

async function drain(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  let read = 0;
  try {
    while (read <= MAX_BODY_BYTES) {
      const chunk = await reader.read();
      if (chunk.done) return;
      read += chunk.value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

export async function postWebhook(
  fetchFn: typeof fetch,
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  timer.unref?.();
  try {
    // Raced with the abort as well, so even a fetch that ignores its signal cannot hang a pass.
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(new Error('aborted')), {
        once: true,
      }),
    );
    aborted.catch(() => undefined);
    const response = await Promise.race([
      fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        redirect: 'manual',
        signal: controller.signal,
      }),
      aborted,
    ]);
    await Promise.race([drain(response), aborted]).catch(() => undefined);
    if (response.status >= 200 && response.status < 300) {
      return { kind: 'delivered', status: response.status };
    }
    if (response.status === 410) return { kind: 'gone', status: 410 };
    const what =
      (response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect'
        ? `redirect ${response.status}`
        : `HTTP ${response.status}`;
    return { kind: 'failed', error: what, retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    if (controller.signal.aborted)
      return { kind: 'failed', error: `timeout after ${timeoutMs} ms` };
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'failed', error: `network error: ${message.slice(0, 200)}` };
  } finally {
    clearTimeout(timer);
  }
}
