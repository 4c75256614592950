/** Join codes: 8 characters from core's unambiguous alphabet, drawn with node:crypto. 32^8 is
 * about 10^12 codes; with /join rate-limited per IP, guessing one is out of reach. */
import { randomInt } from 'node:crypto';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../../core/index.ts';

export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++)
    code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]!;
  return code;
}

/** The link a poster or QR code carries: `<base>/join/<code>`. */
export function joinLink(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/join/${code}`;
}
