/**
 * The workshop commands of `npm run admin` (admin-cli.ts hands them over): create-workshop,
 * rotate-codes, list-workshops, close-workshop, reopen-workshop, set-opd-list. Separate from the entry point so tests run them in-process
 * against a throwaway store.
 */
import { readFile } from 'node:fs/promises';
import { isPemdaRecord, issueCode, OpdListSchema, type HlcClock } from '../../core/index.ts';
import { createServerClock } from '../sync/server-clock.ts';
import type { Store } from '../store/types.ts';
import { joinLink } from './codes.ts';
import { createWorkshop, rotateWorkshopCodes, WorkshopInputError, writeWorkshopFields } from './create.ts';
import { setPemdaOpdList } from './pemda.ts';

export const WORKSHOP_USAGE = `  create-workshop --nama <name> --tanggal <yyyy-mm-dd> [--tempat <place>]
                  [--penyelenggara <organiser>] [--opd-file <path, one OPD a line>] [--no-peer-read]
                        a workshop with its participant and facilitator join codes and links
                        (links use PUBLIC_URL, default http://localhost:8080)
  rotate-codes <workshopId>
                        new join codes for a workshop; the old ones stop working at once
  list-workshops        every workshop with its active codes
  close-workshop <workshopId> | reopen-workshop <workshopId>
                        closed: its codes no longer join and its participants' new changes are
                        refused (workshop.closed); reopening undoes it
  set-opd-list --opd-file <path, one OPD a line>
                        the Pemda's OPD list, which new workshops start from`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  clock: () => number;
  hlc?: HlcClock;
}

const defaultIo = (): CliIo => ({
  out: (l) => console.log(l),
  err: (l) => console.error(l),
  env: process.env,
  clock: Date.now,
});

function option(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = args[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
}

function baseUrl(io: CliIo): string {
  return io.env['PUBLIC_URL'] || 'http://localhost:8080';
}

function printCodes(io: CliIo, codes: { participantCode: string; facilitatorCode: string }) {
  const base = baseUrl(io);
  io.out(`Participant code: ${codes.participantCode}  ${joinLink(base, codes.participantCode)}`);
  io.out(`Facilitator code: ${codes.facilitatorCode}  ${joinLink(base, codes.facilitatorCode)}`);
}

/** Run a workshop command; null when `command` is not one of them. Returns the exit code. */
export async function runWorkshopCommand(
  store: Store,
  command: string,
  args: string[],
  io: CliIo = defaultIo(),
): Promise<number | null> {
  const deps = { sync: store, workshops: store, clock: io.clock, hlc: io.hlc ?? createServerClock(io.clock) };
  switch (command) {
    case 'create-workshop': {
      const nama = option(args, 'nama');
      const tanggal = option(args, 'tanggal');
      if (!nama || !tanggal) {
        io.err('create-workshop needs --nama "<name>" and --tanggal <yyyy-mm-dd>.');
        return 1;
      }
      const opdFile = option(args, 'opd-file');
      let opdList: string[] | undefined;
      if (opdFile) {
        const lines = (await readFile(opdFile, 'utf8')).split(/\r?\n/).map((l) => l.trim());
        opdList = [...new Set(lines.filter((l) => l.length > 0))];
      }
      try {
        const made = await createWorkshop(deps, {
          nama,
          tanggal,
          tempat: option(args, 'tempat') ?? '',
          penyelenggara: option(args, 'penyelenggara') ?? '',
          ...(opdList ? { opdList } : {}),
          allowPeerRead: !args.includes('--no-peer-read'),
        });
        io.out(`Workshop ${made.workshop.id} created: ${nama} (${tanggal}).`);
        printCodes(io, made);
        return 0;
      } catch (err) {
        if (!(err instanceof WorkshopInputError)) throw err;
        io.err(
          `Nothing was created; fix these and run again: ${err.issues.map((i) => `${i.path} (${i.code})`).join(', ')}.`,
        );
        return 1;
      }
    }
    case 'rotate-codes': {
      const id = args[0];
      if (!id || !(await store.getRecord('workshops', id))) {
        io.err('rotate-codes needs the id of an existing workshop (see list-workshops).');
        return 1;
      }
      printCodes(io, await rotateWorkshopCodes(deps, id));
      io.out('The old codes no longer work; devices that already joined keep working.');
      return 0;
    }
    case 'close-workshop':
    case 'reopen-workshop': {
      const id = args[0];
      const w = id && !isPemdaRecord(id) ? await store.getRecord('workshops', id) : null;
      if (!id || !w || w.fields['deleted'] === true) {
        io.err(`${command} needs the id of an existing workshop (see list-workshops).`);
        return 1;
      }
      const closed = command === 'close-workshop';
      await writeWorkshopFields(deps, id, { closed });
      io.out(
        closed
          ? `Workshop ${id} closed: its codes no longer join and its participants' new changes are refused.`
          : `Workshop ${id} reopened.`,
      );
      return 0;
    }
    case 'set-opd-list': {
      const file = option(args, 'opd-file');
      if (!file) {
        io.err('set-opd-list needs --opd-file <path> (one OPD a line).');
        return 1;
      }
      const lines = (await readFile(file, 'utf8')).split(/\r?\n/).filter((l) => l.trim().length > 0);
      const r = OpdListSchema.safeParse(lines);
      if (!r.success) {
        const where = r.error.issues.map((i) =>
          typeof i.path[0] === 'number' ? `OPD ${i.path[0] + 1} (${issueCode(i)})` : issueCode(i),
        );
        io.err(`Nothing was changed; fix these and run again: ${where.join(', ')}.`);
        return 1;
      }
      await setPemdaOpdList(deps, r.data);
      io.out(`The Pemda's OPD list has ${r.data.length} OPDs; new workshops start from it.`);
      return 0;
    }
    case 'list-workshops': {
      // The Pemda's OPD list shares the table (core/opd-list.ts) and is no workshop.
      const all = (await store.listWorkshops()).filter((w) => !isPemdaRecord(w.id));
      if (all.length === 0) io.out('No workshops yet (create one with create-workshop).');
      for (const w of all) {
        const codes = await store.workshopCodes(w.id);
        const code = (role: string) => codes.find((c) => c.role === role)?.code ?? '-';
        const state = w.fields['closed'] === true ? 'closed' : 'open';
        io.out(
          `${w.id}\t${String(w.fields['nama'])}\t${String(w.fields['tanggal'] ?? '-')}\t${state}\tparticipant ${code('participant')}\tfacilitator ${code('facilitator')}`,
        );
      }
      return 0;
    }
    default:
      return null;
  }
}
