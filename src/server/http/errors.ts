/** Every error leaves as `apiError(code)` JSON (core/messages.ts) with a fitting status. */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { apiError, type ApiErrorBody, type MessageCode } from '../../core/index.ts';

export class ApiHttpError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: MessageCode;
  readonly issues: ApiErrorBody['issues'];

  constructor(status: ContentfulStatusCode, code: MessageCode, issues?: ApiErrorBody['issues']) {
    super(code);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: MessageCode,
  issues?: ApiErrorBody['issues'],
) {
  return c.json(apiError(code, issues), status);
}

export type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

export function onError(log: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiHttpError) return errorResponse(c, err.status, err.code, err.issues);
    log.error(`[${c.req.method} ${c.req.path}]`, err);
    return errorResponse(c, 500, 'api.internal');
  };
}

export const notFound: NotFoundHandler = (c) => errorResponse(c, 404, 'api.not_found');

/** For hono/body-limit: a body over the limit is 413 with our code. */
export const tooLarge = (c: Context) => errorResponse(c, 413, 'api.too_large');
