/** Every area's dictionary. Add a file per area and list it here. */
import common from './common.ts';
import handover from './handover.ts';
import pwa from './pwa.ts';
import sync from './sync.ts';

export const DICTIONARIES = { common, pwa, sync, handover } as const;
