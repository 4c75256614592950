/**
 * `npm run admin -- <command>`: server administration from a shell, on the same DATA_DIR /
 * DATABASE_URL as the server, including create-workshop and create-admin.
 */
import { createAdminAccount } from './admin/accounts.ts';
import { MIN_PASSWORD_LENGTH } from './admin/password.ts';
import { promptHidden } from './admin/prompt.ts';
import { BACKUP_USAGE, runBackupCommand } from './backup/cli.ts';
import { loadConfig } from './config.ts';
import { openStores } from './open-store.ts';
import { runWorkshopCommand, WORKSHOP_USAGE } from './workshops/cli.ts';

const USAGE = `Usage: npm run admin -- <command>
  list-devices          every registered device, newest last
  revoke-device <id>    the device's token stops working at once
  create-admin --username <name>
                        a central-office account; the password comes from ADMIN_PASSWORD
                        or is asked on the terminal (at least ${MIN_PASSWORD_LENGTH} characters)`;

/** The value after `--name` (or `--name=value`) in args. */
function option(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = args[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
}

async function adminPassword(): Promise<string> {
  const fromEnv = process.env['ADMIN_PASSWORD'];
  if (fromEnv !== undefined) return fromEnv;
  const first = await promptHidden('Password: ');
  const again = await promptHidden('Password again: ');
  if (first !== again)
    throw new Error('The two passwords differ. Nothing was created; run the command again.');
  return first;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(`${USAGE}\n${WORKSHOP_USAGE}\n${BACKUP_USAGE}`);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  const backup = await runBackupCommand(config, command, (name) => option(args, name));
  if (backup !== null) return backup;
  const { store } = await openStores(config);
  try {
    switch (command) {
      case 'list-devices': {
        const devices = await store.listDevices();
        if (devices.length === 0) console.log('No devices registered.');
        for (const d of devices) {
          const state = d.revokedAt ? `revoked ${new Date(d.revokedAt).toISOString()}` : 'active';
          console.log(
            `${d.id}\t${d.name ?? '-'}\t${d.role ?? 'participant'}\t${new Date(d.createdAt).toISOString()}\t${state}`,
          );
        }
        return 0;
      }
      case 'revoke-device': {
        const id = args[0];
        if (!id) {
          console.error('revoke-device needs a device id (see list-devices).');
          return 1;
        }
        const done = await store.revokeDevice(id, Date.now());
        console.log(done ? `Revoked ${id}.` : `No active device ${id}.`);
        return done ? 0 : 1;
      }
      case 'create-admin': {
        const username = option(args, 'username');
        if (!username) {
          console.error('create-admin needs --username <name>.');
          return 1;
        }
        const outcome = await createAdminAccount(store, username, await adminPassword(), Date.now());
        const say = {
          created: `Admin ${username.toLowerCase()} created. Sign in on the admin screen of the app.`,
          exists: `An admin named ${username.toLowerCase()} already exists; nothing changed.`,
          bad_username: 'The username may use 3–60 letters, digits and . _ - @ only.',
          short_password: `The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`,
        }[outcome];
        (outcome === 'created' ? console.log : console.error)(say);
        return outcome === 'created' ? 0 : 1;
      }
      default: {
        const code = await runWorkshopCommand(store, command, args);
        if (code !== null) return code;
        console.error(`Unknown command ${command}.\n${USAGE}\n${WORKSHOP_USAGE}\n${BACKUP_USAGE}`);
        return 1;
      }
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
