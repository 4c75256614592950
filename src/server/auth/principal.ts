/**
 * Who is asking, resolved from the device token (require-device.ts). A joined device carries
 * the role and workshop of its join code; a device registered through the old open
 * `POST /devices` is a participant with no workshop, who reads and writes only its own records.
 * personId is the id entries carry as authorId: the device itself (kiosk entries made on a
 * facilitator's device carry person ids the kiosk made, and the facilitator writes them).
 */
export type Role = 'participant' | 'facilitator' | 'admin';

export interface Principal {
  deviceId: string;
  role: Role;
  workshopId: string | null;
  personId: string;
}

export type AuthEnv = { Variables: { principal: Principal } };

export function roleOf(stored: string | null): Role {
  return stored === 'facilitator' || stored === 'admin' ? stored : 'participant';
}
