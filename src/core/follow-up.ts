/**
 * A follow-up of a stagnant innovation: who in the office chases it (penanggung jawab), by when
 * (target, yyyy-mm-dd, typed hh/bb/tttt) and notes; `selesai` closes it. Kept on the server only
 * (routes under /admin/follow-ups): office notes about an OPD are not for the participants' and
 * facilitators' devices, which every synced entry field reaches. The same schemas check the
 * admin's form and the server's body.
 */
import { z } from './zod.ts';
import { isoDate, requiredText, text } from './text.ts';

export const FOLLOW_UP_LIMITS = { penanggungJawab: 100, catatan: 2000 } as const;

export const FollowUpInputSchema = z
  .object({
    penanggungJawab: requiredText(FOLLOW_UP_LIMITS.penanggungJawab),
    target: isoDate.nullable(),
    catatan: text(FOLLOW_UP_LIMITS.catatan),
    selesai: z.boolean(),
  })
  .strict();
export type FollowUpInput = z.infer<typeof FollowUpInputSchema>;

export const FollowUpSchema = FollowUpInputSchema.extend({
  entryId: z.string().min(1).max(200),
  updatedAt: z.number().int().nonnegative(),
  updatedBy: z.string().max(80).nullable(),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const FollowUpListSchema = z.object({ followUps: z.array(FollowUpSchema) });
