/** OPEN_REGISTRATION (issue 19): POST /devices is off unless the environment says 1. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '$src/server/config.ts';

describe('OPEN_REGISTRATION', () => {
  it('is off by default and when empty, on with 1, and anything else fails loudly', () => {
    expect(loadConfig({}).openRegistration).toBe(false);
    expect(loadConfig({ OPEN_REGISTRATION: '' }).openRegistration).toBe(false);
    expect(loadConfig({ OPEN_REGISTRATION: '0' }).openRegistration).toBe(false);
    expect(loadConfig({ OPEN_REGISTRATION: '1' }).openRegistration).toBe(true);
    expect(() => loadConfig({ OPEN_REGISTRATION: 'yes' })).toThrow(/OPEN_REGISTRATION/);
  });
});
