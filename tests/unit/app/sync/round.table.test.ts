/**
 * Every transition of the sync round's state machine as a script in the notation of
 * round-notation.ts: [event that came in, effects the step asked for]; ['=', summary] checks
 * the round there. Pages hold at most 2 changes unless a script says otherwise.
 */
import { begin, play } from './round-notation.ts';
import type { Step } from '$src/app/sync/round-state.ts';

type Script = [string, string][];

/** The usual opening: nothing to pull, the first answer applied, the outbox read. */
const OPEN: Script = [
  ['begun', 'cursor'],
  ['cursor 0', 'send#1 since=0'],
  ['answer#1 cursor=1', 'apply#1'],
  ['applied', 'read cap=2'],
];

const SCRIPTS: Record<string, { init?: Step; script: Script }> = {
  'pull paging: the next pull goes before the page is stored; caught up ends the round': {
    script: [
      ['begun', 'cursor'],
      ['cursor 0', 'send#1 since=0'],
      ['answer#1 more cursor=2 changes=2', 'send#2 since=2 · apply#1'],
      ['applied', ''],
      ['answer#2 cursor=3 changes=1', 'apply#2'],
      ['applied', 'read cap=2'],
      ['read', ''],
      ['=', 'done a=0 r=0 p=3 s=0'],
    ],
  },
  'no token: registers first': {
    init: begin({ token: null }),
    script: [
      ['registered t1', 'begin'],
      ['begun', 'cursor'],
    ],
  },
  'page sent and answer applied; two in flight once caught up, the next read while one travels': {
    script: [
      ...OPEN,
      ['read a b', 'upload page a b'],
      ['uploaded a b', 'cursor'],
      ['cursor 1', 'send#2 a b since=1 · ahead#2 after=b'],
      ['ahead#2 c d', 'upload after c d'],
      ['uploaded c d', 'send#3 c d since=1 early prepared · ahead#3 after=d'],
      ['answer#2 acc=a,b cursor=1', ''],
      ['ahead#3', 'apply#2'],
      ['applied', ''],
      ['answer#3 acc=c,d cursor=1', 'apply#3'],
      ['applied', 'read cap=2'],
      ['read', ''],
      ['=', 'done a=4 r=0 p=0 s=0'],
    ],
  },
  'answers are applied in the order sent, even when the later one comes first': {
    script: [
      ...OPEN,
      ['read a b', 'upload page a b'],
      ['uploaded a b', 'cursor'],
      ['cursor 1', 'send#2 a b since=1 · ahead#2 after=b'],
      ['ahead#2 c d', 'upload after c d'],
      ['uploaded c d', 'send#3 c d since=1 early prepared · ahead#3 after=d'],
      ['answer#3 acc=c,d cursor=1', ''],
      ['ahead#3', ''],
      ['answer#2 acc=a,b cursor=1', 'apply#2'],
      ['applied', 'apply#3'],
      ['applied', 'read cap=2'],
    ],
  },
  'a clean answer with nothing in flight: the next page leaves before the answer is applied': {
    init: begin({ earlyRefused: true }),
    script: [
      ...OPEN,
      ['read a b', 'upload page a b'],
      ['uploaded a b', 'cursor'],
      ['cursor 1', 'send#2 a b since=1 · ahead#2 after=b'],
      ['answer#2 acc=a,b cursor=1', ''],
      ['ahead#2 c', 'upload after c'],
      ['uploaded c', 'send#3 c since=1 prepared · ahead#3 after=c · apply#2'],
    ],
  },
  'a refusal in an answer is applied before the next page is chosen, and pipelining stops': {
    script: [
      ...OPEN,
      ['read a b', 'upload page a b'],
      ['uploaded a b', 'cursor'],
      ['cursor 1', 'send#2 a b since=1 · ahead#2 after=b'],
      ['ahead#2', ''],
      ['answer#2 acc=a rej=b:api.invalid_body cursor=1', 'apply#2'],
      ['applied', 'read cap=2'],
      ['=', 'running a=1 r=1 p=0 s=0'],
    ],
  },
  'refusals in an early answer are not final: not counted, the rows stay pending': {
    script: [
      ...OPEN,
      ['read a b', 'upload page a b'],
      ['uploaded a b', 'cursor'],
      ['cursor 1', 'send#2 a b since=1 · ahead#2 after=b'],
      ['ahead#2 c', 'upload after c'],
      ['uploaded c', 'send#3 c since=1 early prepared · ahead#3 after=c'],
      ['answer#2 acc=a,b cursor=1', ''],
      ['ahead#3', 'apply#2'],
      ['applied', ''],
      ['answer#3 rej=c:perm.unknown_entry cursor=1', 'apply#3'],
      ['applied', 'read cap=2'],
      ['=', 'running a=2 r=0 p=0 s=0'],
    ],
  },
  '413 halves the page until the culprit is alone, then parks it and goes on at full size': {
    init: begin({ pushMax: 4, earlyRefused: true }),
    script: [
      ['begun', 'cursor'],
      ['cursor 0', 'send#1 since=0'],
      ['answer#1 cursor=1', 'apply#1'],
      ['applied', 'read cap=4'],
      ['read a b c d', 'upload page a b c d'],
      ['uploaded a b c d', 'cursor'],
      ['cursor 1', 'send#2 a b c d since=1 · ahead#2 after=d'],
      ['fail#2 413', 'read cap=2'],
      ['read a b', 'upload page a b'],
      ['uploaded a b', 'cursor'],
      ['cursor 1', 'send#3 a b since=1 · ahead#3 after=b'],
      ['fail#3 413', 'read cap=1'],
      ['read a', 'upload page a'],
      ['uploaded a', 'cursor'],
      ['cursor 1', 'send#4 a since=1 · ahead#4 after=a'],
      ['fail#4 413', 'park a:api.s413'],
      ['parked', 'read cap=4'],
      ['=', 'running a=0 r=1 p=0 s=0'],
    ],
  },
  '400 halves like 413; the pages sent after it are not waited for': {
    script: [
      ...OPEN,
      ['read a b', 'upload page a b'],
      ['uploaded a b', 'cursor'],
      ['cursor 1', 'send#2 a b since=1 · ahead#2 after=b'],
      ['ahead#2 c d', 'upload after c d'],
      ['uploaded c d', 'send#3 c d since=1 early prepared · ahead#3 after=d'],
      ['fail#2 400', 'read cap=1'],
      ['answer#3 acc=c,d cursor=1', ''],
      ['read a', 'upload page a'],
    ],
  },
  'a page sent early refused with 400 (an older server): its rows go again alone, never early again': {
    script: [
      ...OPEN,
      ['read a b', 'upload page a b'],
      ['uploaded a b', 'cursor'],
      ['cursor 1', 'send#2 a b since=1 · ahead#2 after=b'],
      ['ahead#2 c d', 'upload after c d'],
      ['uploaded c d', 'send#3 c d since=1 early prepared · ahead#3 after=d'],
      ['answer#2 acc=a,b cursor=1', ''],
      ['ahead#3', 'apply#2'],
      ['applied', ''],
      ['fail#3 400', 'read cap=2'],
      ['read c d', 'upload page c d'],
      ['uploaded c d', 'cursor'],
      ['cursor 1', 'send#4 c d since=1 · ahead#4 after=d'],
      ['=', 'running a=2 r=0 p=0 s=0'],
    ],
  },
  '401 registers once; the request goes again with the new token; a second 401 is final': {
    script: [
      ...OPEN,
      ['read a b', 'upload page a b'],
      ['uploaded a b', 'cursor'],
      ['cursor 1', 'send#2 a b since=1 · ahead#2 after=b'],
      ['fail#2 401', 'register'],
      ['registered t2', 'send#2 a b since=1'],
      ['fail#2 401', ''],
      ['ahead#2', ''],
      ['=', 'failed a=0 r=0 p=0 s=0 api.unauthorized'],
    ],
  },
  'two requests refused with the old token: one registration, both go again': {
    script: [
      ...OPEN,
      ['read a b', 'upload page a b'],
      ['uploaded a b', 'cursor'],
      ['cursor 1', 'send#2 a b since=1 · ahead#2 after=b'],
      ['ahead#2 c', 'upload after c'],
      ['uploaded c', 'send#3 c since=1 early prepared · ahead#3 after=c'],
      ['fail#2 401', 'register'],
      ['fail#3 401', ''],
      ['registered t2', 'send#2 a b since=1 · send#3 c since=1 early prepared'],
      ['answer#2 acc=a,b cursor=1', ''],
    ],
  },
  'a photo upload refused with 401 registers and uploads again': {
    script: [
      ...OPEN,
      ['read a b', 'upload page a b'],
      ['fail upload 401', 'register'],
      ['registered t2', 'upload page a b'],
      ['uploaded a b', 'cursor'],
    ],
  },
  'a failed registration after a 401 fails the round': {
    script: [
      ...OPEN,
      ['read a', 'upload page a'],
      ['fail upload 401', 'register'],
      ['fail register 500', ''],
      ['=', 'failed a=0 r=0 p=0 s=0 api.internal'],
    ],
  },
  'skew: changes refused as ahead are re-stamped once nothing is in flight, and pulled again': {
    script: [
      ...OPEN,
      ['read a', 'upload page a'],
      ['uploaded a', 'cursor'],
      ['cursor 1', 'send#2 a since=1 · ahead#2 after=a'],
      ['ahead#2', ''],
      ['answer#2 rej=a:api.clock_ahead cursor=1', 'apply#2'],
      ['applied ahead=a', 'restamp'],
      ['restamped 1', 'read cap=2'],
      ['read a', 'upload page a'],
      ['=', 'running a=0 r=0 p=0 s=1'],
    ],
  },
  'skew: a page found skewed before it leaves is re-stamped; after three tries its changes are parked': {
    script: [
      ...OPEN,
      ['read a b skewed=a', 'restamp'],
      ['restamped 1', 'read cap=2'],
      ['read a b skewed=a', 'restamp'],
      ['restamped 1', 'read cap=2'],
      ['read a b skewed=a', 'restamp'],
      ['restamped 1', 'read cap=2'],
      ['read a b skewed=a', 'park a:sync.clock_skew'],
      ['parked', 'read cap=2'],
      ['read b', 'upload page b'],
      ['=', 'running a=0 r=1 p=0 s=3'],
    ],
  },
  'a read-ahead page with a skewed change is not sent early: it goes through the loop': {
    script: [
      ...OPEN,
      ['read a', 'upload page a'],
      ['uploaded a', 'cursor'],
      ['cursor 1', 'send#2 a since=1 · ahead#2 after=a'],
      ['ahead#2 b', 'upload after b'],
      ['uploaded b skewed=b', ''],
      ['answer#2 acc=a cursor=1', 'apply#2'],
      ['applied', 'read cap=2'],
    ],
  },
  'photos: text first, then each photo and right after it the records that name it': {
    script: [
      ['begun p1:p1 p2:p2', 'cursor'],
      ['cursor 0', 'send#1 since=0'],
      ['answer#1 cursor=1', 'apply#1'],
      ['applied', 'read cap=2 hold=p1,p2'],
      ['read a', 'upload page a'],
      ['uploaded a', 'cursor'],
      ['cursor 1', 'send#2 a since=1 · ahead#2 after=a'],
      ['ahead#2', ''],
      ['answer#2 acc=a cursor=1', 'apply#2'],
      ['applied', 'read cap=2 hold=p1,p2'],
      ['read', 'progress 1/2 · upload photo p1'],
      ['uploaded photo', 'progress 2/2 · upload photo p2 · read cap=2 hold=p2'],
      ['read p1', 'upload page p1'],
      ['uploaded p1', 'cursor'],
      ['cursor 1', 'send#3 p1 since=1 · ahead#3 after=p1'],
      ['ahead#3', ''],
      ['answer#3 acc=p1 cursor=1', 'apply#3'],
      ['applied', 'read cap=2 hold=p2'],
      ['read', ''],
      ['uploaded photo', 'read cap=2'],
      ['read p2', 'upload page p2'],
      ['uploaded p2', 'cursor'],
      ['cursor 1', 'send#4 p2 since=1 · ahead#4 after=p2'],
      ['ahead#4', ''],
      ['answer#4 acc=p2 cursor=1', 'apply#4'],
      ['applied', 'read cap=2'],
      ['read', ''],
      ['=', 'done a=3 r=0 p=0 s=0'],
    ],
  },
  'photos: a photo whose upload failed fails the round when its turn comes': {
    script: [
      ['begun p1:p1', 'cursor'],
      ['cursor 0', 'send#1 since=0'],
      ['answer#1 cursor=1', 'apply#1'],
      ['applied', 'read cap=2 hold=p1'],
      ['read', 'progress 1/1 · upload photo p1'],
      ['fail photo 500', ''],
      ['=', 'failed a=0 r=0 p=0 s=0 api.internal'],
    ],
  },
  'a page whose photos were all parked: the next rows are read': {
    script: [
      ...OPEN,
      ['read p1', 'upload page p1'],
      ['uploaded parked=1', 'read cap=2'],
      ['=', 'running a=0 r=1 p=0 s=0'],
    ],
  },
  'failures: a network failure ends the round; its rows stay': {
    script: [
      ...OPEN,
      ['read a', 'upload page a'],
      ['uploaded a', 'cursor'],
      ['cursor 1', 'send#2 a since=1 · ahead#2 after=a'],
      ['ahead#2', ''],
      ['fail#2 0', ''],
      ['=', 'failed a=0 r=0 p=0 s=0 api.s0'],
    ],
  },
  'failures: an answer that leaves a pushed change unanswered ends the round after it is applied': {
    script: [
      ...OPEN,
      ['read a b', 'upload page a b'],
      ['uploaded a b', 'cursor'],
      ['cursor 1', 'send#2 a b since=1 · ahead#2 after=b'],
      ['ahead#2', ''],
      ['answer#2 acc=a cursor=1', 'apply#2'],
      ['applied', ''],
      ['=', 'failed a=1 r=0 p=0 s=0 sync.net.bad_response'],
    ],
  },
  'failures: a read that fails ends the round, and news that comes after changes nothing': {
    script: [...OPEN, ['fail read', ''], ['answer#1 cursor=9', ''], ['=', 'failed a=0 r=0 p=0 s=0 error']],
  },
};

describe('sync round table', () => {
  it.each(Object.entries(SCRIPTS))('%s', (_name, { init, script }) => {
    expect(play(init ?? begin(), script).lines).toEqual(script);
  });
});
