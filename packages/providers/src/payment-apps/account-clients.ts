/**
 * The gateway's account-level operations: `apps.list()` (`GET /api/pay/apps`, Laravel-paginated,
 * walked as an async iterator) and the API tokens (`/api/account/tokens`: create, list, test,
 * revoke). A created token's plain text is returned once, as the gateway shows it once; it is
 * never put in an error or a log.
 */
import { ValidationError } from '@lipwa/core';
import { z } from 'zod';
import { type PaginatedList, paginatedList } from '../common/paginated-list.js';
import { salamiIdSchema } from './command-accepted.js';
import { wrapperFailure } from './errors.js';
import { callTyped, sendTyped } from './gateway-call.js';
import { requiredText } from './inputs.js';
import { laravelPageSchema, pageFromLaravel } from './laravel-page.js';
import type { PaymentAppsConfig } from './payment-apps-options.js';

export interface PaymentApp {
  readonly id: string;
  readonly name: string;
  /** The driver: `MpesaKeExpress`, `MpesaKeC2B`, `MpesaKeB2C`, `MpesaKeB2B`, `MpesaKePersonal`, … */
  readonly type: string;
  readonly isLive: boolean;
  readonly createdAt?: string | undefined;
}

export interface PaymentAppsToken {
  readonly id: string;
  readonly name: string;
  /** `payments:read`, `payments:write`, or `*` for every ability. */
  readonly abilities: readonly string[];
  readonly lastUsedAt?: string | undefined;
  readonly expiresAt?: string | undefined;
  readonly createdAt?: string | undefined;
}

export interface NewPaymentAppsToken {
  readonly name: string;
  /** Default every ability the calling token has. */
  readonly abilities?: readonly string[];
  readonly expiresAt?: Date | string;
}

export interface CreatedPaymentAppsToken extends PaymentAppsToken {
  /** The plain `{id}|{secret}` token, shown this once: store it as a secret. */
  readonly token: string;
}

export interface PaymentAppsApps {
  list(options?: { signal?: AbortSignal }): PaginatedList<PaymentApp>;
}

export interface PaymentAppsTokens {
  create(
    input: NewPaymentAppsToken,
    options?: { signal?: AbortSignal },
  ): Promise<CreatedPaymentAppsToken>;
  list(options?: { signal?: AbortSignal }): Promise<PaymentAppsToken[]>;
  /** The calling token, if the gateway accepts it. */
  test(options?: { signal?: AbortSignal }): Promise<PaymentAppsToken>;
  revoke(id: string, options?: { signal?: AbortSignal }): Promise<void>;
}

const confirmationSchema = z.object({
  status: z.string().optional(),
  message: z.string().optional(),
});

export const TOKEN_ABILITIES = ['payments:read', 'payments:write', '*'] as const;

const appSchema = z
  .looseObject({
    id: salamiIdSchema,
    name: z.string(),
    type: z.string().min(1),
    is_live: z.union([z.boolean(), z.literal(0), z.literal(1)]).transform(Boolean),
    created_at: z.string().nullish(),
  })
  .transform(
    (wire): PaymentApp => ({
      id: wire.id,
      name: wire.name,
      type: wire.type,
      isLive: wire.is_live,
      createdAt: wire.created_at ?? undefined,
    }),
  );

const tokenFields = {
  id: salamiIdSchema,
  name: z.string(),
  abilities: z.array(z.string()),
  last_used_at: z.string().nullish(),
  expires_at: z.string().nullish(),
  created_at: z.string().nullish(),
};

function tokenView(wire: z.infer<z.ZodObject<typeof tokenFields>>): PaymentAppsToken {
  return {
    id: wire.id,
    name: wire.name,
    abilities: wire.abilities,
    lastUsedAt: wire.last_used_at ?? undefined,
    expiresAt: wire.expires_at ?? undefined,
    createdAt: wire.created_at ?? undefined,
  };
}

const tokenSchema = z.looseObject(tokenFields).transform(tokenView);
const createdSchema = z
  .looseObject({ ...tokenFields, token: z.string().regex(/^\d+\|\S+$/) })
  .transform((wire): CreatedPaymentAppsToken => ({ ...tokenView(wire), token: wire.token }));

function tokenBody(input: NewPaymentAppsToken): Record<string, unknown> {
  const abilities = input.abilities;
  if (
    abilities !== undefined &&
    (abilities.length === 0 ||
      !abilities.every((a) => (TOKEN_ABILITIES as readonly string[]).includes(a)))
  ) {
    throw new ValidationError(
      'invalid_field',
      `abilities must list some of ${TOKEN_ABILITIES.join(', ')}.`,
      { details: { field: 'abilities' } },
    );
  }
  let expiresAt: string | undefined;
  if (input.expiresAt !== undefined) {
    const at =
      input.expiresAt instanceof Date ? input.expiresAt.getTime() : Date.parse(input.expiresAt);
    if (Number.isNaN(at)) {
      throw new ValidationError('invalid_field', 'expiresAt must be a Date or an ISO 8601 time.', {
        details: { field: 'expiresAt' },
      });
    }
    expiresAt = new Date(at).toISOString();
  }
  return {
    name: requiredText('name', input.name, 255),
    ...(abilities === undefined ? {} : { abilities: [...abilities] }),
    ...(expiresAt === undefined ? {} : { expires_at: expiresAt }),
  };
}

export function createAccountClients(config: PaymentAppsConfig) {
  const apps: PaymentAppsApps = {
    list(options = {}) {
      return paginatedList(async (page) => {
        const reply = await callTyped(config, {
          operation: 'apps',
          method: 'GET',
          path: '/api/pay/apps',
          root: true,
          query: { page },
          signal: options.signal,
          data: laravelPageSchema(appSchema),
          expected: 'a page of payment apps',
          idempotent: true,
        });
        return pageFromLaravel(reply.data);
      });
    },
  };

  const tokens: PaymentAppsTokens = {
    async create(input, options = {}) {
      const reply = await callTyped(config, {
        operation: 'tokens',
        method: 'POST',
        path: '/api/account/tokens',
        root: true,
        json: tokenBody(input),
        signal: options.signal,
        data: createdSchema,
        expected: 'the new token',
        idempotent: false,
      });
      return reply.data;
    },
    async list(options = {}) {
      const reply = await callTyped(config, {
        operation: 'tokens',
        method: 'GET',
        path: '/api/account/tokens',
        root: true,
        signal: options.signal,
        data: z.array(tokenSchema),
        expected: 'a list of tokens',
        idempotent: true,
      });
      return reply.data;
    },
    async test(options = {}) {
      const reply = await callTyped(config, {
        operation: 'tokens',
        method: 'POST',
        path: '/api/account/tokens/test',
        root: true,
        signal: options.signal,
        data: tokenSchema,
        expected: 'the token',
        idempotent: true,
      });
      return reply.data;
    },
    async revoke(id, options = {}) {
      if (!/^[1-9]\d{0,17}$/.test(String(id))) {
        throw new ValidationError('invalid_field', 'id must be a token id (digits).', {
          details: { field: 'id' },
        });
      }
      // The answer is `{ status, message }` with no data.
      const reply = await sendTyped(config, {
        operation: 'tokens',
        method: 'DELETE',
        path: `/api/account/tokens/${id}`,
        root: true,
        signal: options.signal,
        data: z.unknown(),
        expected: 'a confirmation',
        idempotent: false,
      });
      const answer = confirmationSchema.safeParse(reply.body);
      if (answer.success && answer.data.status !== undefined && answer.data.status !== 'success') {
        throw wrapperFailure('tokens', answer.data.status, answer.data.message, reply.raw);
      }
    },
  };

  return { apps, tokens };
}
