/**
 * The workshop service and the admin CLI commands (run in-process on a throwaway store), on
 * SQLite and PostgreSQL: create-workshop prints the id, both codes and their links, and a device
 * that joins with the printed code pulls the workshop record; --opd-file, --no-peer-read,
 * invalid input, rotate-codes and list-workshops.
 */
import { writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET, OPD_KOTA_BLITAR } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { runWorkshopCommand, type CliIo } from '$src/server/workshops/cli.ts';
import { newJoinCode } from '$src/server/workshops/index.ts';
import { sync } from '../helpers/client.ts';
import { join, joinRaw } from '../helpers/roles.ts';
import { openStore, storeKinds, tempDir, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

describe('join codes', () => {
  it('are 8 characters from the unambiguous alphabet', () => {
    const codes = Array.from({ length: 200 }, newJoinCode);
    for (const c of codes) {
      expect(c).toHaveLength(8);
      expect([...c].every((ch) => JOIN_CODE_ALPHABET.includes(ch))).toBe(true);
    }
    expect(JOIN_CODE_ALPHABET).not.toMatch(/[01IO]/);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe.each(await storeKinds())('workshop CLI on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let out: string[];
  let err: string[];
  const io = (env: Record<string, string | undefined> = {}): CliIo => ({
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    clock: () => T0,
  });

  beforeEach(async () => {
    opened = await openStore(kind);
    out = [];
    err = [];
    app = testApp(opened, () => T0, { joinLimit: { max: 1000, windowMs: 60_000 } });
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const run = (args: string[], env?: Record<string, string | undefined>) =>
    runWorkshopCommand(opened.store, args[0]!, args.slice(1), io(env));

  it('create-workshop prints id, codes and links; a device joining with the code pulls the workshop', async () => {
    const code = await run(
      [
        'create-workshop',
        '--nama',
        'Penguatan Inovasi Pelayanan Publik',
        '--tanggal',
        '2026-11-27',
        '--tempat',
        'Ruang Sasana Praja',
        '--penyelenggara',
        'Bagian Organisasi Setda Kota Blitar',
      ],
      { PUBLIC_URL: 'https://inovasi.blitarkota.go.id/' },
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const id = /^Workshop (\S+) created/.exec(out[0]!)?.[1];
    const participant = /^Participant code: (\S+) {2}(\S+)$/.exec(out[1]!);
    const facilitator = /^Facilitator code: (\S+) {2}(\S+)$/.exec(out[2]!);
    expect(participant?.[2]).toBe(`https://inovasi.blitarkota.go.id/join/${participant?.[1]}`);
    expect(facilitator?.[2]).toBe(`https://inovasi.blitarkota.go.id/join/${facilitator?.[1]}`);
    const stored = await opened.store.getRecord('workshops', id!);
    expect(stored?.fields).toEqual({
      nama: 'Penguatan Inovasi Pelayanan Publik',
      tanggal: '2026-11-27',
      tempat: 'Ruang Sasana Praja',
      penyelenggara: 'Bagian Organisasi Setda Kota Blitar',
      opdList: [...OPD_KOTA_BLITAR],
      allowPeerRead: true,
      closed: false,
      deleted: false,
    });
    const dev = await join(app, participant![1]!);
    const pulled = await sync(app, dev, 0, []);
    expect(pulled.changes).toEqual([stored]);
    const fac = await join(app, facilitator![1]!);
    expect(fac.res.role).toBe('facilitator');
  });

  it('create-workshop takes an OPD file and --no-peer-read; links default to localhost:8080', async () => {
    const file = joinPath(tempDir('opd'), 'opd.txt');
    writeFileSync(file, 'Dinas Kesehatan\r\n\nDinas Pendidikan\nDinas Kesehatan\n');
    expect(
      await run([
        'create-workshop',
        '--nama=Uji',
        '--tanggal=2026-12-01',
        '--opd-file',
        file,
        '--no-peer-read',
      ]),
    ).toBe(0);
    expect(out[1]).toMatch(/ {2}http:\/\/localhost:8080\/join\/[2-9A-Z]{8}$/);
    const [ws] = await opened.store.listWorkshops();
    expect(ws?.fields['opdList']).toEqual(['Dinas Kesehatan', 'Dinas Pendidikan']);
    expect(ws?.fields['allowPeerRead']).toBe(false);
  });

  it('create-workshop refuses bad input and creates nothing', async () => {
    expect(await run(['create-workshop', '--nama', 'Uji'])).toBe(1);
    expect(await run(['create-workshop', '--nama', 'Uji', '--tanggal', '31/12/2026'])).toBe(1);
    expect(err.join('\n')).toMatch(/tanggal/);
    expect(await opened.store.listWorkshops()).toEqual([]);
  });

  it('rotate-codes replaces both codes; list-workshops shows the active ones', async () => {
    await run(['create-workshop', '--nama', 'Uji', '--tanggal', '2026-12-01']);
    const id = /^Workshop (\S+)/.exec(out[0]!)![1]!;
    const oldCode = /^Participant code: (\S+)/.exec(out[1]!)![1]!;
    out = [];
    expect(await run(['rotate-codes', id])).toBe(0);
    const newCode = /^Participant code: (\S+)/.exec(out[0]!)![1]!;
    expect(newCode).not.toBe(oldCode);
    expect((await joinRaw(app, { code: oldCode, deviceId: 'd1', name: 'Ani' })).status).toBe(404);
    expect((await joinRaw(app, { code: newCode, deviceId: 'd1', name: 'Ani' })).status).toBe(201);
    out = [];
    expect(await run(['list-workshops'])).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain(id);
    expect(out[0]).toContain(`participant ${newCode}`);
    expect(await run(['rotate-codes', 'no-such-workshop'])).toBe(1);
    expect(await run(['not-a-workshop-command'])).toBeNull();
  });
});
