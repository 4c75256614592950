/** The server's own HLC, for the records it writes (conflicts). The node id is per process, so
 * two processes on one PostgreSQL never mint the same stamp. */
import { HlcClock, randomToken } from '../../core/index.ts';

export function createServerClock(now: () => number): HlcClock {
  return new HlcClock(`server-${randomToken(4)}`, now);
}
