/**
 * What a request shows to re-use a known device id: the device's secret from the body
 * and the token of its Authorization header, each only as a hash (the store compares hashes,
 * store/device-methods.ts). One answer for every refusal of a known id — whether the device is
 * revoked, an admin's, of another workshop or anyone's — so a stranger learns nothing about it.
 */
import type { DeviceProof, IssueOutcome } from '../store/types.ts';
import { ApiHttpError } from '../http/errors.ts';
import { bearerToken, hashToken } from './tokens.ts';

export function deviceProof(secret: string | undefined, authorization: string | undefined): DeviceProof {
  const bearer = bearerToken(authorization);
  return {
    secretHash: secret ? hashToken(secret) : null,
    bearerHash: bearer ? hashToken(bearer) : null,
  };
}

/** 'created' or 'rotated'; throws the route's answer for the others. */
export function issuedOrThrow(outcome: IssueOutcome): 'created' | 'rotated' {
  // The id is known and the caller did not prove it holds it: the same answer as always
  // (join.device_known tells the person how to go on: clear the app data and join anew).
  if (outcome === 'not_yours') throw new ApiHttpError(409, 'join.device_known');
  // A revoked device stays revoked (only its holder learns it): joining is no way around the admin.
  if (outcome === 'revoked') throw new ApiHttpError(403, 'api.forbidden');
  return outcome;
}
