/** Every text value, lowercased and joined: what search looks in. Its own file because the
 * first screen's search needs it and the row reader (db/summaries.ts, which pulls Dexie in)
 * loads after the first paint. */
export function textOf(values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const v of Object.values(values)) {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') parts.push(x);
  }
  return parts.join('\n').toLowerCase();
}
