/**
 * Summarises a V8 .cpuprofile (from `--cpu-prof`): where the server's CPU went during the
 * measured window, by package (inclusive: "a frame of X is on the stack") and by function (self).
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number; // µs, CLOCK_MONOTONIC
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** µs of samples in the window that were not idle */
  busyUs: number;
  windowUs: number;
  /** false when the window could not be matched to the profile clock (whole profile used) */
  windowed: boolean;
  /** inclusive time under a few stages of the request (they can overlap, e.g. socket writes inside the driver) */
  byStage: { name: string; ms: number; pct: number }[];
  byPackage: { name: string; ms: number; pct: number }[];
  bySelf: { name: string; ms: number; pct: number }[];
}

const IDLE = new Set(['(idle)']);

type Frame = ProfileNode['callFrame'];
const STAGES: [string, (f: Frame) => boolean][] = [
  ['card template parsing (new ACData.Template → antlr)', (f) => f.functionName === 'Template' && f.url.includes('adaptivecards-templating')],
  ['card template binding (Template.expand)', (f) => f.functionName === 'Template.expand'],
  ['formatDateTime (new Intl.DateTimeFormat)', (f) => f.functionName === 'formatDateTime'],
  ['JWT validation (JwtTokenExtractor)', (f) => f.url.includes('botframework-connector/lib/auth/jwtTokenExtractor')],
  ['MongoDB driver + BSON', (f) => /\/node_modules\/(mongodb|bson)\//.test(f.url)],
  ['  of which socket writes (syscall)', (f) => !f.url && ['writeBuffer', 'writev', 'writeUtf8String', 'writeLatin1String'].includes(f.functionName)],
  ['zod', (f) => f.url.includes('/node_modules/zod/')],
  ['restify (routing, body parser, response)', (f) => f.url.includes('/node_modules/restify/')],
  ['garbage collector', (f) => f.functionName === '(garbage collector)'],
];

function bucketOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const src = url.indexOf('/src/');
  if (src >= 0 && !url.startsWith('node:')) return `src/${url.slice(src + 5).split('/')[0]}`;
  if (url.includes('/bench/')) return 'bench';
  if (url.includes('/test/')) return 'test/support';
  if (url.startsWith('node:')) return 'node:internal';
  return url;
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  return url;
}

/** window: [fromNs, toNs] of process.hrtime.bigint() (same monotonic clock as the profile on Linux). */
export async function summarizeProfile(file: string, window?: [bigint, bigint], top = 15): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  let fromUs = -Infinity;
  let toUs = Infinity;
  let windowed = false;
  if (window) {
    const f = Number(window[0] / 1000n);
    const t = Number(window[1] / 1000n);
    if (f >= profile.startTime && t <= profile.endTime + 1_000_000) {
      fromUs = f;
      toUs = t;
      windowed = true;
    }
  }

  // Stack buckets per node, memoised.
  const stackBuckets = new Map<number, Set<string>>();
  const bucketsFor = (id: number): Set<string> => {
    const cached = stackBuckets.get(id);
    if (cached) return cached;
    const set = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      if (node.callFrame.functionName === '(root)') continue;
      set.add(bucketOf(node.callFrame));
    }
    stackBuckets.set(id, set);
    return set;
  };

  const stageSets = new Map<number, Set<string>>();
  const stagesFor = (id: number): Set<string> => {
    const cached = stageSets.get(id);
    if (cached) return cached;
    const set = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      for (const [name, test] of STAGES) if (test(frame)) set.add(name);
    }
    stageSets.set(id, set);
    return set;
  };

  const stage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  let busy = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    // A sample's weight is the time until the next one.
    const weight = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
    if (t < fromUs || t > toUs || weight <= 0) continue;
    const node = byId.get(profile.samples[i])!;
    if (IDLE.has(node.callFrame.functionName)) continue;
    busy += weight;
    for (const b of bucketsFor(node.id)) inclusive.set(b, (inclusive.get(b) ?? 0) + weight);
    for (const st of stagesFor(node.id)) stage.set(st, (stage.get(st) ?? 0) + weight);
    const f = node.callFrame;
    const name = f.url ? `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}` : f.functionName;
    self.set(name, (self.get(name) ?? 0) + weight);
  }

  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, pct: busy ? (100 * us) / busy : 0 }));
  return {
    busyUs: busy,
    windowUs: windowed ? toUs - fromUs : profile.endTime - profile.startTime,
    windowed,
    byStage: STAGES.map(([name]) => ({ name, ms: (stage.get(name) ?? 0) / 1000, pct: busy ? (100 * (stage.get(name) ?? 0)) / busy : 0 })),
    byPackage: rank(inclusive),
    bySelf: rank(self),
  };
}
