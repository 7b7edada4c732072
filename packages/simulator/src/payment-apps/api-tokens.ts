/**
 * Personal access tokens the way Laravel Sanctum keeps them: the plain token `{id}|{40
 * characters}` is shown once; only a SHA-256 of the random part is stored, found by id and
 * compared in constant time. Tokens carry abilities (`payments:read`, `payments:write`, `*`)
 * and an optional expiry on the simulator's clock.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { laravelTime } from './laravel-time.js';
import { paymentAppsSandbox, SANDBOX_USER_ID } from './sandbox.js';

export interface ApiToken {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly abilities: readonly string[];
  /** Epoch ms, or undefined for a token that never expires. */
  readonly expiresAt: number | undefined;
  readonly createdAt: number;
  lastUsedAt: number | undefined;
}

export interface NewToken {
  readonly userId: number;
  readonly name: string;
  readonly abilities: readonly string[];
  readonly expiresAt: number | undefined;
}

export interface ApiTokenStore {
  /** Creates a token; the plain text is returned this once and never stored. */
  create(input: NewToken, now: number): { token: ApiToken; plainText: string };
  /** The live token a plain `{id}|{secret}` names, or undefined (unknown, wrong, expired). */
  authenticate(plainText: string, now: number): ApiToken | undefined;
  list(userId: number): ApiToken[];
  /** Deletes one of the user's tokens; false when it is not theirs or does not exist. */
  revoke(userId: number, id: number): boolean;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomSecret(): string {
  let secret = '';
  for (let i = 0; i < 40; i++) secret += alphabet[randomInt(alphabet.length)];
  return secret;
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Sanctum's check: `*` grants everything. */
export function tokenCan(token: ApiToken, ability: string): boolean {
  return token.abilities.includes('*') || token.abilities.includes(ability);
}

/** A token as `GET /api/account/tokens` lists it (never the secret). */
export function tokenView(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    abilities: [...token.abilities],
    last_used_at: token.lastUsedAt === undefined ? null : laravelTime(token.lastUsedAt),
    expires_at: token.expiresAt === undefined ? null : laravelTime(token.expiresAt),
    created_at: laravelTime(token.createdAt),
  };
}

export function createApiTokenStore(now: number): ApiTokenStore {
  const tokens = new Map<number, { token: ApiToken; hash: Buffer }>();
  let nextId = 1;

  function store(input: NewToken, at: number, secret: string): ApiToken {
    const token: ApiToken = { id: nextId++, ...input, createdAt: at, lastUsedAt: undefined };
    tokens.set(token.id, { token, hash: digest(secret) });
    return token;
  }

  // The sandbox token is token 1 of the sandbox user, with every ability and no expiry.
  const [, sandboxSecret = ''] = paymentAppsSandbox.apiToken.split('|');
  store(
    { userId: SANDBOX_USER_ID, name: 'sandbox', abilities: ['*'], expiresAt: undefined },
    now,
    sandboxSecret,
  );

  return {
    create(input, at) {
      const secret = randomSecret();
      const token = store(input, at, secret);
      return { token, plainText: `${token.id}|${secret}` };
    },
    authenticate(plainText, at) {
      const match = /^(\d{1,9})\|(\S+)$/.exec(plainText);
      if (!match?.[1] || !match[2]) return undefined;
      const entry = tokens.get(Number(match[1]));
      if (!entry || !timingSafeEqual(entry.hash, digest(match[2]))) return undefined;
      if (entry.token.expiresAt !== undefined && at >= entry.token.expiresAt) return undefined;
      entry.token.lastUsedAt = at;
      return entry.token;
    },
    list(userId) {
      return [...tokens.values()]
        .map((entry) => entry.token)
        .filter((token) => token.userId === userId);
    },
    revoke(userId, id) {
      const entry = tokens.get(id);
      if (!entry || entry.token.userId !== userId) return false;
      tokens.delete(id);
      return true;
    },
  };
}
