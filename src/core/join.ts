/**
 * Joining a workshop by code (POST /api/v1/join). A code is 8 characters from an
 * alphabet without look-alikes (no 0/O, 1/I), typed in any case and with any spaces or dashes:
 * normalizeJoinCode makes every spelling the stored one.
 */
import { z } from './zod.ts';
import { idSchema } from './id-schema.ts';
import { DeviceSecretSchema, RecordDocSchema } from './protocol.ts';
import { PickListsSchema } from './pick-lists.ts';
import { requiredText, text } from './text.ts';

export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 8;
export const JOIN_ROLES = ['participant', 'facilitator'] as const;

/** Upper-case, spaces and dashes dropped: what a person typed from a poster becomes the code. */
export function normalizeJoinCode(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

export const JoinRequestSchema = z
  .object({
    code: z.string().min(1).max(80).transform(normalizeJoinCode),
    deviceId: idSchema(),
    name: requiredText(100),
    opd: text(150).optional(),
    deviceSecret: DeviceSecretSchema.optional(),
  })
  .strict();
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export const JoinResponseSchema = z.object({
  token: z.string(),
  deviceId: z.string(),
  role: z.enum(JOIN_ROLES),
  /** The id entries carry as authorId: the joined device itself. */
  personId: z.string(),
  /** The workshop record (also synced later like any record). */
  workshop: RecordDocSchema,
  /** Only for facilitators: the code to show participants as QR/link. */
  participantCode: z.string().optional(),
  /** The lists the device's forms offer (pick-lists.ts); kept as its last-known copy. */
  lists: PickListsSchema.optional(),
  now: z.number().int(),
});
export type JoinResponse = z.infer<typeof JoinResponseSchema>;
