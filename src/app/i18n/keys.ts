/** Every translation key, as a type: `t('…')` with a key no area defines does not compile. */
import type { ALL_AREAS } from './all-areas.ts';
import type { KeysOf } from './strings.ts';

type Areas = typeof ALL_AREAS;
export type Key = { [A in keyof Areas]: KeysOf<Areas[A]> }[keyof Areas];
