/**
 * Checkout sessions as short-lived HS256 JWTs (jose). The token binds amount, currency,
 * reference, description, merchant name, allowed origin and methods, so the browser can carry
 * it but never change it. Time comes from the injected clock.
 */
import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import {
  type CheckoutSession,
  type Clock,
  type CreateSessionInput,
  checkoutSessionSchema,
  createSessionInputSchema,
  SessionError,
  ValidationError,
} from '@lipwa/core';
import { errors, type JWTHeaderParameters, jwtVerify, SignJWT } from 'jose';
import { zodIssues } from '../http/zod-issues.js';
import { createVerifiedCache } from './verified-cache.js';

/** A retired signing key that still verifies the tokens it signed. */
export interface VerifyingKey {
  readonly kid: string;
  readonly key: Uint8Array;
}

export interface SessionTokenSettings {
  /** The newest key: it signs every new token and verifies tokens whose header names `kid`. */
  readonly key: Uint8Array;
  readonly kid: string;
  /**
   * Keys being rotated out, by `kid`: they verify, never sign. Keep one for at least one token
   * lifetime after it stops signing, so no open checkout breaks.
   */
  readonly previous?: readonly VerifyingKey[] | undefined;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlMinutes: number;
  readonly merchantName: string;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly providerIds: readonly string[];
  /** Whether a provider's account takes this currency (CashPay's is fixed by the account). */
  readonly acceptsCurrency?: ((providerId: string, currency: string) => boolean) | undefined;
  readonly clock: Clock;
}

export interface SessionTokens {
  mint(input: CreateSessionInput): Promise<{ token: string; session: CheckoutSession }>;
  /** Throws `SessionError` `invalid_session` or `session_expired`. */
  verify(token: string): Promise<CheckoutSession>;
}

// Small leeway for clock skew between instances; expiry is otherwise exact.
const CLOCK_TOLERANCE_SECONDS = 5;

type SessionRequest = ReturnType<typeof createSessionInputSchema.parse>;

function parseSessionInput(input: CreateSessionInput): SessionRequest {
  const parsed = createSessionInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      'invalid_request',
      `createSession: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ')}.`,
      { details: { errors: zodIssues(parsed.error.issues) } },
    );
  }
  return parsed.data;
}

/** A session bound to one origin may only name an origin the kit allows. */
function checkBoundOrigin(request: SessionRequest, settings: SessionTokenSettings): void {
  if (request.allowedOrigin === undefined) return;
  const origin = new URL(request.allowedOrigin).origin;
  if (!settings.allowedOrigins.has(origin)) {
    throw new ValidationError(
      'invalid_field',
      `createSession: allowedOrigin "${origin}" is not one of the kit's allowedOrigins; add it there first.`,
      { details: { errors: [{ path: 'allowedOrigin', message: 'not an allowed origin' }] } },
    );
  }
}

/** The methods asked for (each configured and taking the currency), or every one that takes it. */
function sessionMethods(request: SessionRequest, settings: SessionTokenSettings): string[] {
  const unknownMethod = request.methods?.find((method) => !settings.providerIds.includes(method));
  if (unknownMethod !== undefined) {
    throw new ValidationError(
      'invalid_field',
      `createSession: method "${unknownMethod}" is not a configured provider (configured: ${settings.providerIds.join(', ')}).`,
      { details: { errors: [{ path: 'methods', message: 'unknown provider' }] } },
    );
  }
  const accepts = (id: string) => settings.acceptsCurrency?.(id, request.currency) ?? true;
  const refused = request.methods?.find((method) => !accepts(method));
  if (refused !== undefined) {
    throw new ValidationError(
      'invalid_field',
      `createSession: method "${refused}" cannot take ${request.currency}: its account is in another currency.`,
      { details: { errors: [{ path: 'methods', message: 'currency not accepted' }] } },
    );
  }
  const methods = request.methods ?? settings.providerIds.filter(accepts);
  if (methods.length === 0) {
    throw new ValidationError(
      'invalid_field',
      `createSession: no configured provider takes ${request.currency}.`,
      { details: { errors: [{ path: 'currency', message: 'no provider takes it' }] } },
    );
  }
  return [...methods];
}

async function signSession(
  session: CheckoutSession,
  nowSeconds: number,
  expSeconds: number,
  settings: SessionTokenSettings,
  key: KeyObject,
): Promise<string> {
  return new SignJWT({
    amount: session.amount,
    reference: session.reference,
    ...(session.description ? { description: session.description } : {}),
    merchantName: session.merchantName,
    ...(session.allowedOrigin ? { allowedOrigin: session.allowedOrigin } : {}),
    methods: session.methods,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: settings.kid })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(expSeconds)
    .setJti(session.id)
    .sign(key);
}

// A factory closure over its dependencies, longer than ~60 lines only because it holds the
// named steps below (each short); read them one at a time.
export function createSessionTokens(settings: SessionTokenSettings): SessionTokens {
  // Imported once: jose re-imports a raw Uint8Array key through WebCrypto on every call.
  const key = createSecretKey(settings.key);
  const keysByKid = verifyingKeys(settings);
  const verified = createVerifiedCache(CLOCK_TOLERANCE_SECONDS * 1000);
  return {
    async mint(input) {
      const request = parseSessionInput(input);
      checkBoundOrigin(request, settings);
      const methods = sessionMethods(request, settings);
      const nowSeconds = Math.floor(settings.clock.now() / 1000);
      const ttlMinutes = request.ttlMinutes ?? settings.ttlMinutes;
      const expSeconds = nowSeconds + ttlMinutes * 60;
      const session: CheckoutSession = {
        id: `ses_${randomUUID().replaceAll('-', '')}`,
        amount: { amount: request.amount, currency: request.currency },
        reference: request.reference,
        ...(request.description ? { description: request.description } : {}),
        merchantName: request.merchantName ?? settings.merchantName,
        ...(request.allowedOrigin ? { allowedOrigin: new URL(request.allowedOrigin).origin } : {}),
        methods,
        issuedAt: new Date(nowSeconds * 1000).toISOString(),
        expiresAt: new Date(expSeconds * 1000).toISOString(),
      };
      const token = await signSession(session, nowSeconds, expSeconds, settings, key);
      return { token, session };
    },

    async verify(token) {
      if (typeof token !== 'string' || token.length === 0) {
        throw new SessionError(
          'invalid_session',
          'No session token: send it as "Authorization: Bearer <token>".',
        );
      }
      const nowMs = settings.clock.now();
      const cached = verified.get(token, nowMs);
      if (cached) return cached;
      const session = await verifyUncached(token, keysByKid, settings);
      verified.set(token, session, nowMs);
      return session;
    },
  };
}

/** Every key that may verify, by `kid`: the signing key and the ones being rotated out. */
function verifyingKeys(settings: SessionTokenSettings): ReadonlyMap<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const old of settings.previous ?? []) keys.set(old.kid, createSecretKey(old.key));
  keys.set(settings.kid, createSecretKey(settings.key));
  return keys;
}

/** A token names its key by `kid`; an unknown or missing `kid` is another site's token. */
function keyFor(keys: ReadonlyMap<string, KeyObject>) {
  return (header: JWTHeaderParameters): KeyObject => {
    const key = header.kid === undefined ? undefined : keys.get(header.kid);
    if (!key) {
      throw new SessionError('invalid_session', 'The session token was signed with another key.');
    }
    return key;
  };
}

async function verifyUncached(
  token: string,
  keys: ReadonlyMap<string, KeyObject>,
  settings: SessionTokenSettings,
): Promise<CheckoutSession> {
  {
    let payload: Record<string, unknown>;
    try {
      const verified = await jwtVerify(token, keyFor(keys), {
        algorithms: ['HS256'],
        issuer: settings.issuer,
        audience: settings.audience,
        requiredClaims: ['iat', 'exp', 'jti'],
        currentDate: new Date(settings.clock.now()),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      payload = verified.payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw new SessionError(
          'session_expired',
          'This checkout session has expired. Reload the page to start a new one.',
        );
      }
      throw new SessionError(
        'invalid_session',
        'The session token is not valid (altered, forged or for another site). Reload the page to start a new one.',
        { cause: error },
      );
    }
    const session = checkoutSessionSchema.safeParse({
      id: payload.jti,
      amount: payload.amount,
      reference: payload.reference,
      description: payload.description,
      merchantName: payload.merchantName,
      allowedOrigin: payload.allowedOrigin,
      methods: payload.methods,
      issuedAt: new Date(Number(payload.iat) * 1000).toISOString(),
      expiresAt: new Date(Number(payload.exp) * 1000).toISOString(),
    });
    if (!session.success) {
      throw new SessionError(
        'invalid_session',
        'The session token does not describe a checkout session.',
      );
    }
    return session.data;
  }
}
