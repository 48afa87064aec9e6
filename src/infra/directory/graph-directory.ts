import { Client, HTTPMessageHandler, ResponseType } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Directory, DirectoryPerson } from '../../domain/ports/directory.js';
import { type AppTokenSource, TokenError } from './graph-app-token.provider.js';
import { MAX_SEARCH_CHARS, rankPeople } from './person-ranking.js';

const GRAPH_ORIGIN = 'https://graph.microsoft.com/';
const FIELDS = ['id', 'displayName', 'department', 'officeLocation', 'jobTitle', 'mail', 'preferredLanguage'];
/** Graph's object ids (GUIDs): what goes into a path, so no typed or stored text becomes a path or a query */
const OBJECT_ID = /^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
const MAX_LIMIT = 25;

const graphUser = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  department: z.string().nullish(),
  officeLocation: z.string().nullish(),
  jobTitle: z.string().nullish(),
  mail: z.string().nullish(),
  preferredLanguage: z.string().nullish(),
});
const graphUsers = z.object({ value: z.array(z.unknown()) });

const blankToNull = (value: string | null | undefined): string | null => (value && value.trim() !== '' ? value.trim() : null);

const toPerson = (user: z.infer<typeof graphUser>): DirectoryPerson | null =>
  blankToNull(user.displayName) === null
    ? null
    : {
        id: user.id,
        name: blankToNull(user.displayName)!,
        department: blankToNull(user.department),
        officeLocation: blankToNull(user.officeLocation),
        jobTitle: blankToNull(user.jobTitle),
        mail: blankToNull(user.mail),
        preferredLanguage: blankToNull(user.preferredLanguage),
      };

/** The causes a Graph call fails for, each logged once with what to do about it (never a token or typed text). */
type Cause = 'forbidden' | 'throttled' | 'timeout' | 'unavailable' | 'unauthorized' | 'token' | 'unexpected';

const ADVICE: Record<Cause, string> = {
  forbidden:
    'Microsoft Graph refused to read the directory (403): grant the bot\'s app registration the application permission User.Read.All and give admin consent (README « Annuaire »)',
  throttled: 'Microsoft Graph is throttling the directory (429): searches answer empty until its Retry-After has passed',
  timeout: 'Microsoft Graph did not answer in time: directory calls answer empty meanwhile',
  unavailable: 'Microsoft Graph is unavailable (5xx or network): directory calls answer empty meanwhile',
  unauthorized: 'Microsoft Graph rejected the bot\'s token (401): check MicrosoftAppId / MicrosoftAppTenantId',
  token:
    'no Microsoft Graph token for the bot (login.microsoftonline.com refused the client credentials): check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId',
  unexpected: 'Microsoft Graph answered something that is not a user: ignored',
};

class GraphFailure extends Error {
  constructor(
    readonly kind: Cause,
    readonly detail: string,
    /** for 429: how long Graph asked us to wait */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${kind} (${detail})`);
  }
}

export interface GraphDirectoryOptions {
  /** app-only tokens (client credentials of the bot's app registration) */
  readonly tokens: AppTokenSource;
  readonly log?: (line: string) => void;
  /** the clock for the cache and Retry-After (injectable so tests need no sleeps) */
  readonly now?: () => number;
  /** how a 429's Retry-After is waited for before the one retry */
  readonly wait?: (ms: number) => Promise<void>;
  /** each call (token, request, its one retry) answers within this, or answers empty */
  readonly deadlineMs?: number;
  /** how long an answer is reused */
  readonly ttlMs?: number;
  /** answers kept at most (the oldest go first) */
  readonly maxEntries?: number;
}

const DEFAULTS = { deadlineMs: 2_000, ttlMs: 10 * 60_000, maxEntries: 2_000 };
/** when a 429 names no Retry-After */
const DEFAULT_BACKOFF_MS = 10_000;

/** Retry-After as seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/**
 * What was typed, made safe as a Graph $search term: only letters, digits and the characters of
 * names and mail addresses survive (so no quote, colon, parenthesis or backslash can end the
 * quoted term and become query syntax), and it is URL-encoded (the Graph client does not).
 */
export function searchClause(text: string): string | null {
  const term = text
    .slice(0, MAX_SEARCH_CHARS)
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}@._'’ -]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(term)) return null;
  return encodeURIComponent(`"displayName:${term}" OR "mail:${term}"`);
}

/** Graph's hits in our order (the same as the file directory's); those our ranking misses (matched on a word we do not see) last. */
function bestFirst(people: readonly DirectoryPerson[], text: string, top: number): DirectoryPerson[] {
  const ranked = rankPeople(people, text, people.length);
  const rankedIds = new Set(ranked.map((person) => person.id));
  return [...ranked, ...people.filter((person) => !rankedIds.has(person.id))].slice(0, top);
}

/**
 * The people directory from Microsoft Graph (users of the tenant, app-only with the bot's own
 * app registration; needs User.Read.All). Answers are cached for `ttlMs`. It never throws for
 * Graph's failures: a search answers [] and a profile or manager null, within `deadlineMs`, so
 * the technician can still type a name and no ticket waits on Graph; each cause is logged once.
 */
export class GraphDirectory implements Directory {
  private readonly client = Client.initWithMiddleware({ middleware: new HTTPMessageHandler(), baseUrl: GRAPH_ORIGIN, defaultVersion: 'v1.0' });
  private readonly cache = new Map<string, { value: unknown; expiresAt: number }>();
  private readonly throttledUntil = new Map<string, number>();
  private readonly logged = new Set<Cause>();
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private readonly wait: (ms: number) => Promise<void>;
  private readonly deadlineMs: number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: GraphDirectoryOptions) {
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.wait = options.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.deadlineMs = options.deadlineMs ?? DEFAULTS.deadlineMs;
    this.ttlMs = options.ttlMs ?? DEFAULTS.ttlMs;
    this.maxEntries = options.maxEntries ?? DEFAULTS.maxEntries;
  }

  async search(tenantId: string, text: string, limit: number): Promise<readonly DirectoryPerson[]> {
    const clause = searchClause(text);
    const top = Math.min(Math.max(Math.trunc(limit), 0), MAX_LIMIT);
    if (clause === null || top === 0) return [];
    const key = `search\u0000${tenantId}\u0000${clause}\u0000${top}`;
    const answer = await this.cached(key, tenantId, async (signal) => {
      const body = await this.get(tenantId, signal, '/users', (request) =>
        request.search(clause).select(FIELDS).top(top).header('ConsistencyLevel', 'eventual'),
      );
      const list = graphUsers.safeParse(body);
      if (!list.success) throw new GraphFailure('unexpected', 'users');
      const people = list.data.value.flatMap((item) => {
        const user = graphUser.safeParse(item);
        const person = user.success ? toPerson(user.data) : null;
        return person ? [person] : [];
      });
      for (const person of people) this.remember(`profile\u0000${tenantId}\u0000${person.id.toLowerCase()}`, person);
      return bestFirst(people, text, top);
    });
    return (answer as readonly DirectoryPerson[] | undefined) ?? [];
  }

  async profile(tenantId: string, userId: string): Promise<DirectoryPerson | null> {
    return this.person(tenantId, userId, 'profile', '');
  }

  async manager(tenantId: string, userId: string): Promise<DirectoryPerson | null> {
    return this.person(tenantId, userId, 'manager', '/manager');
  }

  private async person(tenantId: string, userId: string, kind: string, suffix: string): Promise<DirectoryPerson | null> {
    if (!OBJECT_ID.test(userId)) return null;
    const key = `${kind}\u0000${tenantId}\u0000${userId.toLowerCase()}`;
    const answer = await this.cached(key, tenantId, async (signal) => {
      const body = await this.get(tenantId, signal, `/users/${userId}${suffix}`, (request) => request.select(FIELDS));
      if (body === null) return null;
      const user = graphUser.safeParse(body);
      if (!user.success) throw new GraphFailure('unexpected', kind);
      return toPerson(user.data);
    });
    return (answer as DirectoryPerson | null | undefined) ?? null;
  }

  /**
   * The cached answer, or `load`'s within the deadline; undefined when Graph failed (not cached,
   * so the next call tries again, except while a 429's Retry-After runs).
   */
  private async cached(key: string, tenantId: string, load: (signal: AbortSignal) => Promise<unknown>): Promise<unknown> {
    const hit = this.cache.get(key);
    if (hit && this.now() < hit.expiresAt) return hit.value;
    if (hit) this.cache.delete(key);
    if (this.now() < (this.throttledUntil.get(tenantId) ?? 0)) return undefined;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new GraphFailure('timeout', `${this.deadlineMs} ms`));
      }, this.deadlineMs);
    });
    const started = this.now();
    try {
      const value = await Promise.race([this.withOneRetry(tenantId, controller.signal, started, load), deadline]);
      this.remember(key, value);
      return value;
    } catch (error) {
      this.report(error);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A 429 whose Retry-After fits in what is left of the deadline is retried once; otherwise the tenant rests until then. */
  private async withOneRetry(tenantId: string, signal: AbortSignal, started: number, load: (signal: AbortSignal) => Promise<unknown>): Promise<unknown> {
    try {
      return await load(signal);
    } catch (error) {
      if (!(error instanceof GraphFailure) || error.kind !== 'throttled') throw error;
      const waitMs = error.retryAfterMs ?? DEFAULT_BACKOFF_MS;
      const left = this.deadlineMs - (this.now() - started);
      if (error.retryAfterMs === null || waitMs >= left) {
        this.throttledUntil.set(tenantId, this.now() + waitMs);
        throw error;
      }
      await this.wait(waitMs);
      try {
        return await load(signal);
      } catch (again) {
        if (again instanceof GraphFailure && again.kind === 'throttled') {
          this.throttledUntil.set(tenantId, this.now() + (again.retryAfterMs ?? DEFAULT_BACKOFF_MS));
        }
        throw again;
      }
    }
  }

  /** GET on Graph with an app-only token; the JSON body, null for 404, a GraphFailure otherwise. */
  private async get(
    tenantId: string,
    signal: AbortSignal,
    path: string,
    shape: (request: ReturnType<Client['api']>) => ReturnType<Client['api']>,
  ): Promise<unknown> {
    let token: string;
    try {
      token = await this.options.tokens.token(tenantId, signal);
    } catch (error) {
      if (signal.aborted) throw new GraphFailure('timeout', 'token');
      const status = error instanceof TokenError ? error.status : 0;
      // no answer or a 5xx from the login service is an outage, not wrong credentials
      if (status === 0 || status >= 500) throw new GraphFailure('unavailable', status === 0 ? 'login: no answer' : `login: HTTP ${status}`);
      throw new GraphFailure('token', `HTTP ${status}`);
    }
    let response: Response;
    try {
      response = await shape(this.client.api(path))
        .header('Authorization', `Bearer ${token}`)
        .option('signal', signal)
        .option('redirect', 'error')
        .responseType(ResponseType.RAW)
        .get();
    } catch {
      throw new GraphFailure(signal.aborted ? 'timeout' : 'unavailable', 'no answer');
    }
    if (response.status === 404) return null;
    if (response.status === 401) {
      this.options.tokens.forget(tenantId);
      throw new GraphFailure('unauthorized', 'HTTP 401');
    }
    if (response.status === 403) throw new GraphFailure('forbidden', 'HTTP 403');
    if (response.status === 429) throw new GraphFailure('throttled', 'HTTP 429', retryAfterMs(response.headers.get('retry-after'), this.now()));
    if (!response.ok) throw new GraphFailure('unavailable', `HTTP ${response.status}`);
    try {
      return await response.json();
    } catch {
      throw new GraphFailure(signal.aborted ? 'timeout' : 'unexpected', 'body');
    }
  }

  private remember(key: string, value: unknown): void {
    this.cache.delete(key);
    this.cache.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
  }

  private report(error: unknown): void {
    const cause: Cause = error instanceof GraphFailure ? error.kind : 'unexpected';
    if (this.logged.has(cause)) return;
    this.logged.add(cause);
    const detail = error instanceof GraphFailure ? ` [${error.detail}]` : '';
    this.log(`[guichet] directory: ${ADVICE[cause]}${detail}`);
  }
}
