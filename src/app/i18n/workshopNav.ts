/** The shell's links and titles for workshops; the rest of those strings load with
 * their chunks (i18n/join.ts, i18n/facilitator.ts). */
import { strings } from './strings.ts';

export default strings({
  id: { 'nav.join': 'Gabung lokakarya', 'nav.facilitator': 'Fasilitator', 'kiosk.title': 'Mode kios' },
  en: { 'nav.join': 'Join a workshop', 'nav.facilitator': 'Facilitator', 'kiosk.title': 'Kiosk mode' },
});
