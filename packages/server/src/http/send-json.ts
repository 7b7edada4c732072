/**
 * A JSON answer written straight to the response: no ETag (Express hashes every body with SHA-1
 * for one; every kit answer is `no-store`, so no client can revalidate it) and none of
 * `res.json`'s app-setting lookups. The hot reads go through here (issue 10).
 */
import type { Response } from 'express';

export function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
