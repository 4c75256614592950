/** Every area's dictionary. Add a file per area and list it here. */
import common from './common.ts';
import pwa from './pwa.ts';
import sync from './sync.ts';

export const DICTIONARIES = { common, pwa, sync } as const;
