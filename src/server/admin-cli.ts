/**
 * `npm run admin -- <command>`: server administration from a shell, on the same DATA_DIR /
 * DATABASE_URL as the server. Issue 4/5 add create-workshop and create-admin here.
 */
import { loadConfig } from './config.ts';
import { openStores } from './open-store.ts';

const USAGE = `Usage: npm run admin -- <command>
  list-devices          every registered device, newest last
  revoke-device <id>    the device's token stops working at once`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const { store } = await openStores(loadConfig());
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
      default:
        console.error(`Unknown command ${command}.\n${USAGE}`);
        return 1;
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
