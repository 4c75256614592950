/**
 * Storage failures as message codes. A full disk shows up as QuotaExceededError, or wrapped by
 * Dexie as an AbortError whose `inner` (or `cause`) is the QuotaExceededError: look inside.
 */
export function isQuotaError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  const err = e as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown };
  if (err.name === 'QuotaExceededError' || err.code === 22) return true;
  return isQuotaError(err.inner, depth + 1) || isQuotaError(err.cause, depth + 1);
}

/** The message code (core/messages.ts) for a failed local write. */
export function storageErrorCode(e: unknown): 'storage.full' | 'storage.failed' {
  return isQuotaError(e) ? 'storage.full' : 'storage.failed';
}
