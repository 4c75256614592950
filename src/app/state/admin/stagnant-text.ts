/** The stagnan list's words on screen and on paper: why an innovation is listed, and its
 * follow-up in one line. The server's export says the same in Indonesian (export/stagnant.ts). */
import type { FollowUp } from '../../../core/follow-up.ts';
import type { StagnantReason } from '../../../core/stagnation.ts';
import { isoToDmy } from '../../../core/text.ts';
import { formatDate } from '../../i18n/i18n.svelte.ts';
import { ta } from '../../i18n/admin.ts';

export function reasonLabel(r: StagnantReason): string {
  switch (r.kind) {
    case 'idle':
    case 'followed':
      return ta(`admin.stagnant.why.${r.kind}`, { date: formatDate(r.since) });
    case 'old_evidence':
      return ta('admin.stagnant.why.old_evidence', { year: r.year });
    case 'no_evidence':
      return ta('admin.stagnant.why.no_evidence');
  }
}

export function followUpLine(f: FollowUp | undefined): string {
  if (!f) return ta('admin.followup.none');
  const line = ta('admin.followup.summary', {
    pj: f.penanggungJawab,
    target: f.target ? isoToDmy(f.target) : ta('admin.followup.noTarget'),
  });
  return f.selesai ? `${line} (${ta('admin.followup.done')})` : line;
}
