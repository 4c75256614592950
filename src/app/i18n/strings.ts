/**
 * The one shape of the app's words: an area (a screen or a part of one) is a `Strings` table
 * with the same keys in Indonesian, first, and English. `strings()` declares one; a key written
 * in one language only does not compile (the English table must have exactly the Indonesian
 * keys), and tests check it again at run time. Areas never write into each other: the shell's
 * areas are listed in dictionaries.ts, a lazy chunk hands its own area to `useStrings`.
 */
export type { Lang } from '../../core/messages.ts';

export interface Strings<K extends string = string> {
  readonly id: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
}

/** The keys of an area. */
export type KeysOf<S> = S extends Strings<infer K> ? K : never;

export function strings<const K extends string>(d: {
  id: Record<K, string>;
  en: NoInfer<Record<K, string>>;
}): Strings<K> {
  return d;
}
