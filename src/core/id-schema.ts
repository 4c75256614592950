/**
 * An id as a zod schema (ids.ts has its characters). Apart from ids.ts because the first screen
 * makes ids (uuidv7) and reads the pattern without loading zod.
 */
import { ID_CHARS } from './ids.ts';
import { z } from './zod.ts';

const ID_RE = new RegExp(`^${ID_CHARS}+$`);

/** 1..max characters of ID_CHARS; anything else is field.invalid. */
export function idSchema(max = 80) {
  return z.string().min(1).max(max).regex(ID_RE, { error: 'field.invalid' });
}
