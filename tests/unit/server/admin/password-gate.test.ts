/** admin/password-gate.ts: at most `running` checks at once, a bounded queue, known browsers first. */
import { describe, expect, it } from 'vitest';
import { BUSY, passwordGate } from '$src/server/admin/password-gate.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('password gate', () => {
  it('runs one check at a time, queues 2, refuses the rest; a known browser goes first and is never refused', async () => {
    const gate = passwordGate(1, 2);
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const release = deferred();
    const check = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      order.push(name);
      await release.promise;
      running--;
      return name;
    };
    const first = gate(false, check('a'));
    const queued = [gate(false, check('b')), gate(false, check('c'))];
    const refused = await gate(false, check('d'));
    expect(refused).toBe(BUSY);
    const known = gate(true, check('known'));
    release.resolve();
    expect(await Promise.all([first, ...queued, known])).toEqual(['a', 'b', 'c', 'known']);
    expect(most).toBe(1);
    expect(order).toEqual(['a', 'known', 'b', 'c']);
  });

  it('a check that throws frees its place', async () => {
    const gate = passwordGate(1, 0);
    await expect(gate(false, () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await gate(false, () => Promise.resolve(1))).toBe(1);
  });
});
