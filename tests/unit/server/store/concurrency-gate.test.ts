import { describe, expect, it } from 'vitest';
import { concurrencyGate } from '$src/server/store/concurrency-gate.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('concurrencyGate', () => {
  it('runs at most n at once, starts the waiting ones in arrival order, and returns each result', async () => {
    const gate = concurrencyGate(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        gate(async () => {
          started.push(i);
          running++;
          most = Math.max(most, running);
          await tick(5 + ((i * 7) % 11));
          running--;
          return i * 10;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(started).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i * 10));
  });

  it('frees the place of a call that throws, and passes its error on', async () => {
    const gate = concurrencyGate(1);
    const failing = gate(() => Promise.reject(new Error('boom')));
    const next = gate(() => Promise.resolve('ran'));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
    // And the place is free again afterwards (not counted twice).
    await expect(gate(() => Promise.resolve('again'))).resolves.toBe('again');
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => concurrencyGate(0)).toThrow(/positive integer/);
    expect(() => concurrencyGate(1.5)).toThrow(/positive integer/);
  });
});
