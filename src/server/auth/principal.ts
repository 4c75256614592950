/**
 * Who is asking. Today every registered device is a participant with no workshop; issue 4's
 * join codes fill role and workshopId, and only auth/ changes.
 */
export type Role = 'participant' | 'facilitator' | 'admin';

export interface Principal {
  deviceId: string;
  role: Role;
  workshopId: string | null;
}

export type AuthEnv = { Variables: { principal: Principal } };

export function roleOf(stored: string | null): Role {
  return stored === 'facilitator' || stored === 'admin' ? stored : 'participant';
}
