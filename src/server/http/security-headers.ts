/** Headers on every answer: a strict CSP (same-origin only; inline styles because Svelte sets
 * style attributes), no sniffing, no referrer, camera only for our own page (photo capture);
 * HSTS when the client came over HTTPS. */
import type { MiddlewareHandler } from 'hono';
import { clientUsesHttps } from './client-address.ts';

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HSTS_MAX_AGE_S = 365 * 24 * 60 * 60;

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    // Set before the handler: headers prepared on the context join the response it builds, while
    // setting them afterwards would copy the finished Response once per header.
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    // Once a browser has reached us over HTTPS it never tries plain HTTP again for a year
    // (a phone typing the bare name gets the secure origin, with its service worker).
    if (clientUsesHttps(c)) c.header('Strict-Transport-Security', `max-age=${HSTS_MAX_AGE_S}`);
    await next();
  };
}
