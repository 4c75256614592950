/** Every area's dictionary. Add a file per area and list it here. */
import adminNav from './admin-nav.ts';
import common from './common.ts';
import form from './form.ts';
import handover from './handover.ts';
import list from './list.ts';
import pwa from './pwa.ts';
import settings from './settings.ts';
import shell from './shell.ts';
import sync from './sync.ts';
import workshopNav from './workshopNav.ts';

export const DICTIONARIES = {
  common,
  pwa,
  sync,
  shell,
  form,
  list,
  settings,
  handover,
  workshopNav,
  adminNav,
} as const;
