/**
 * A hall in one machine: two network namespaces (the laptop, a phone) joined by a veth pair,
 * with addresses of a random private /24 that exist only inside them (TOOLING.md). Names are
 * unique per run; remove() deletes both namespaces (and with them the veth pair).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

function ip(...args: string[]): void {
  const res = spawnSync('ip', args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`ip ${args.join(' ')}: ${res.stderr || res.error?.message}`);
}

/** Why this machine cannot make namespaces, or null when it can. */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'needs root (ip netns); CI runs as root';
  const probe = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (probe.error) return 'the ip command is missing (apt-get install -y iproute2)';
  return null;
}

export class Hall {
  readonly laptop: string;
  readonly phone: string;
  readonly laptopAddress: string;
  readonly #phoneIf: string;

  constructor() {
    const id = randomBytes(3).toString('hex');
    this.laptop = `lumbung-laptop-${id}`;
    this.phone = `lumbung-phone-${id}`;
    const laptopIf = `lbl${id}`;
    this.#phoneIf = `lbp${id}`;
    const [a, b] = randomBytes(2);
    const net = `10.${200 + (a! % 50)}.${b! % 250}`;
    this.laptopAddress = `${net}.1`;
    ip('netns', 'add', this.laptop);
    try {
      ip('netns', 'add', this.phone);
      ip('link', 'add', this.#phoneIf, 'type', 'veth', 'peer', 'name', laptopIf);
      ip('link', 'set', laptopIf, 'netns', this.laptop);
      ip('link', 'set', this.#phoneIf, 'netns', this.phone);
      ip('-n', this.laptop, 'addr', 'add', `${net}.1/24`, 'dev', laptopIf);
      ip('-n', this.phone, 'addr', 'add', `${net}.2/24`, 'dev', this.#phoneIf);
      for (const [ns, dev] of [
        [this.laptop, laptopIf],
        [this.phone, this.#phoneIf],
      ] as const) {
        ip('-n', ns, 'link', 'set', 'lo', 'up');
        ip('-n', ns, 'link', 'set', dev, 'up');
      }
    } catch (err) {
      this.remove();
      throw err;
    }
  }

  /** The phone's Wi-Fi dies silently (no FIN, no RST: open connections just stop). */
  wifiDown(): void {
    ip('-n', this.phone, 'link', 'set', this.#phoneIf, 'down');
  }

  wifiUp(): void {
    ip('-n', this.phone, 'link', 'set', this.#phoneIf, 'up');
  }

  /** The laptop vanishes while the phone's link stays up (the laptop's lid closed, the access
   * point still in range): every packet to it is dropped and the browser cannot tell. */
  laptopGone(): void {
    ip('-n', this.phone, 'route', 'add', 'blackhole', `${this.laptopAddress}/32`);
  }

  laptopBack(): void {
    ip('-n', this.phone, 'route', 'del', 'blackhole', `${this.laptopAddress}/32`);
  }

  /** A command prefix that runs a program inside namespace `ns`. */
  exec(ns: string): string[] {
    return ['ip', 'netns', 'exec', ns];
  }

  remove(): void {
    for (const ns of [this.phone, this.laptop]) spawnSync('ip', ['netns', 'del', ns]);
  }
}
