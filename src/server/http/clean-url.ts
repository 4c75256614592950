/**
 * Route params and query strings are strings too: one whose decoded form holds a NUL or a lone
 * surrogate (`%00`, `%ED%A0%80`) is refused before any route sees it, with the answer a body
 * holding one gets (json-shape.ts), so PostgreSQL never receives it (it answered with a 500) and
 * both engines answer alike. A malformed percent-escape is refused the same way.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiHttpError } from './errors.ts';
import { cleanText } from './json-shape.ts';

export function cleanUrl(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    const rest = url.slice(url.indexOf('/', url.indexOf('//') + 2));
    if (rest.includes('%')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(rest);
      } catch {
        throw new ApiHttpError(400, 'api.invalid_body', [{ path: 'url', code: 'field.invalid' }]);
      }
      if (!cleanText(decoded))
        throw new ApiHttpError(400, 'api.invalid_body', [{ path: 'url', code: 'field.control_chars' }]);
    }
    await next();
  };
}
