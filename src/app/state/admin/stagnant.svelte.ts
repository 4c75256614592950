/**
 * What the stagnan list needs beyond the dashboard's rows: the activity of every entry from the
 * device's copy (its own field writes, reviews, comments, photos and evidence files: a live
 * query, so it works offline and follows each sync), and the office's follow-ups from the server
 * (they are not synced to devices; without the internet the list still shows, without them).
 * The rule itself is core/stagnation.ts, the same one the server's export runs.
 */
import type { FollowUp, FollowUpInput } from '../../../core/follow-up.ts';
import { ActivityIndex, stagnantList, type StagnantItem } from '../../../core/stagnation.ts';
import { LiveQuery } from '../../db/live.svelte.ts';
import type { LumbungDb } from '../../db/db.ts';
import { matches, type AdminFilter, type EntrySummary } from './aggregate.ts';
import { adminApi } from './api.ts';
import { AdminTask } from './task.svelte.ts';

async function loadActivity(d: LumbungDb): Promise<ActivityIndex> {
  return d.transaction('r', [d.entries, d.reviews, d.comments, d.attachments], async () => {
    const index = new ActivityIndex();
    await d.entries.each((r) => index.addEntry(r));
    for (const t of [d.reviews, d.comments, d.attachments]) await t.each((r) => index.addChild(r));
    return index;
  });
}

export class StagnantData {
  #activity: LiveQuery<ActivityIndex>;
  #followUps = $state.raw<Readonly<Record<string, FollowUp>> | null>(null);
  readonly task: AdminTask;

  constructor(d: LumbungDb) {
    this.#activity = new LiveQuery(() => loadActivity(d));
    this.task = new AdminTask(d);
  }

  get loading(): boolean {
    return this.#activity.loading;
  }
  get error(): unknown {
    return this.#activity.error;
  }
  /** false until loaded (or when the server could not be reached: task.error says why). */
  get followUpsLoaded(): boolean {
    return this.#followUps !== null;
  }
  followUp(entryId: string): FollowUp | undefined {
    return this.#followUps && Object.hasOwn(this.#followUps, entryId) ? this.#followUps[entryId] : undefined;
  }

  /** The listed entries, with why and their follow-up. */
  list(
    entries: readonly EntrySummary[],
    filter: AdminFilter,
    months: number,
    now: number,
  ): StagnantItem<EntrySummary>[] {
    const index = this.#activity.current;
    if (!index) return [];
    const fu = this.#followUps;
    return stagnantList(
      entries.filter((e) => matches(e, filter)),
      (id) => index.get(id),
      (id) => {
        const f = fu && Object.hasOwn(fu, id) ? fu[id] : undefined;
        return f ? { updatedAt: f.updatedAt, open: !f.selesai } : null;
      },
      months,
      now,
    );
  }

  loadFollowUps = (): Promise<void> =>
    this.task.run(async () => {
      const list = await adminApi().followUps(await this.task.token());
      this.#followUps = Object.fromEntries(list.map((f) => [f.entryId, f]));
    });

  /** Save one follow-up on the server; the list shows it at once. Throws what the server said. */
  async saveFollowUp(entryId: string, input: FollowUpInput): Promise<FollowUp> {
    const saved = await adminApi().putFollowUp(await this.task.token(), entryId, input);
    this.#followUps = { ...this.#followUps, [entryId]: saved };
    return saved;
  }

  start(): () => void {
    this.#activity.start();
    void this.loadFollowUps();
    return () => this.#activity.stop();
  }
}
