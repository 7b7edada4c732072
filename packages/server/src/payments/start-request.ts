/**
 * What a customer's click asks for, checked before anything is stored: a body of the right
 * shape, a method the session offers, a phone for STK methods and a return page on the
 * checkout's own site for redirect methods. The fingerprint lets an Idempotency-Key replay tell
 * the same request from a different one.
 */
import { createHash } from 'node:crypto';
import {
  type CheckoutSession,
  type Msisdn,
  type ProviderAdapter,
  parseMsisdn,
  type StartPaymentBody,
  startPaymentBodySchema,
  ValidationError,
} from '@lipwa/core';
import { zodIssues } from '../http/zod-issues.js';

/** A request the session may make: the method chosen, and what that method needs. */
export interface StartRequest {
  readonly provider: ProviderAdapter;
  readonly phone?: Msisdn | undefined;
  readonly returnUrl?: string | undefined;
  /** Same key, same body: the hash of what this request asked for. */
  readonly fingerprint: string;
}

/** What the request rules need from the kit's configuration. */
export interface StartRequestSettings {
  readonly providers: ReadonlyMap<string, ProviderAdapter>;
  readonly allowedOrigins: ReadonlySet<string>;
}

function nameOf(provider: ProviderAdapter): string {
  return provider.displayName ?? provider.id;
}

/** The body of `POST /payments`, or `invalid_request` with the fields listed. */
export function parseStartBody(body: unknown): StartPaymentBody {
  const parsed = startPaymentBodySchema.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError(
      'invalid_request',
      'The body must be a JSON object like {"phone":"0712345678"}.',
      { details: { errors: zodIssues(parsed.error.issues) } },
    );
  }
  return parsed.data;
}

/** The method asked for (or the session's first), if the session offers it. */
export function chooseMethod(
  session: CheckoutSession,
  method: string | undefined,
  providers: ReadonlyMap<string, ProviderAdapter>,
): ProviderAdapter {
  const id = method ?? session.methods[0];
  const provider = id === undefined ? undefined : providers.get(id);
  if (id === undefined || !provider || !session.methods.includes(id)) {
    throw new ValidationError(
      'invalid_field',
      `Payment method "${id ?? ''}" is not offered for this checkout (offered: ${session.methods.join(', ')}).`,
      { details: { errors: [{ path: 'method', message: 'not offered for this checkout' }] } },
    );
  }
  return provider;
}

/** An STK method needs a phone number the widget would accept too. */
export function requirePhone(provider: ProviderAdapter, phone: string | undefined): Msisdn {
  if (phone === undefined) {
    throw new ValidationError(
      'invalid_request',
      `A phone number is required to pay with ${nameOf(provider)}.`,
      { details: { errors: [{ path: 'phone', message: 'phone is required' }] } },
    );
  }
  const parsed = parseMsisdn(phone);
  if (!parsed.ok) {
    throw new ValidationError('invalid_phone', parsed.message, {
      details: { reason: parsed.reason, errors: [{ path: 'phone', message: parsed.message }] },
    });
  }
  return parsed.msisdn as Msisdn;
}

/** A redirect method sends the customer back to a page of an origin this session may use. */
export function requireReturnUrl(
  provider: ProviderAdapter,
  session: CheckoutSession,
  returnUrl: string | undefined,
  allowedOrigins: ReadonlySet<string>,
): string {
  if (returnUrl === undefined) {
    throw new ValidationError(
      'invalid_request',
      `A returnUrl is required to pay with ${nameOf(provider)}: the page the customer comes back to.`,
      { details: { errors: [{ path: 'returnUrl', message: 'returnUrl is required' }] } },
    );
  }
  const origin = new URL(returnUrl).origin;
  const allowed =
    session.allowedOrigin !== undefined
      ? origin === session.allowedOrigin
      : allowedOrigins.has(origin);
  if (!allowed) {
    throw new ValidationError(
      'invalid_field',
      `returnUrl must be a page on this checkout's own site, not ${origin}.`,
      { details: { errors: [{ path: 'returnUrl', message: 'origin not allowed' }] } },
    );
  }
  return returnUrl;
}

export function parseStartRequest(
  session: CheckoutSession,
  body: StartPaymentBody,
  settings: StartRequestSettings,
): StartRequest {
  const provider = chooseMethod(session, body.method, settings.providers);
  const phone = provider.capabilities.has('stk') ? requirePhone(provider, body.phone) : undefined;
  const returnUrl = provider.capabilities.has('redirect')
    ? requireReturnUrl(provider, session, body.returnUrl, settings.allowedOrigins)
    : undefined;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([provider.id, phone ?? null, returnUrl ?? null]))
    .digest('hex');
  return { provider, phone, returnUrl, fingerprint };
}
