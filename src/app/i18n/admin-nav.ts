/** The shell's link to the admin screens (the rest of the admin strings load with the admin
 * chunk: i18n/admin.ts, so the participant's first screen does not carry them). */
import { strings } from './strings.ts';

export default strings({
  id: { 'nav.admin': 'Admin' },
  en: { 'nav.admin': 'Admin' },
});
