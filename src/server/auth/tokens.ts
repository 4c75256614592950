/** Device tokens: random 32 bytes (core randomToken), stored only as their SHA-256 hex. */
import { createHash } from 'node:crypto';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const BEARER_RE = /^Bearer ([0-9a-f]{64})$/;

/** The token of an `Authorization: Bearer <hex>` header, or null when absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  const m = header ? BEARER_RE.exec(header.trim()) : null;
  return m ? m[1]! : null;
}
