/** Every area's dictionary. Add a file per area and list it here. */
import common from './common.ts';
import facilitator from './facilitator.ts';
import form from './form.ts';
import handover from './handover.ts';
import join from './join.ts';
import list from './list.ts';
import pwa from './pwa.ts';
import settings from './settings.ts';
import shell from './shell.ts';
import sync from './sync.ts';

export const DICTIONARIES = {
  common,
  pwa,
  sync,
  shell,
  form,
  list,
  settings,
  handover,
  join,
  facilitator,
} as const;
