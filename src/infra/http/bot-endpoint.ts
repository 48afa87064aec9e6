import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticationError, type AuthenticateRequestResult, type BotFrameworkAuthentication } from 'botframework-connector';
import { CloudAdapter, type Activity, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { BotConnectorTokenVerifier, VerifiedToken } from '../auth/bot-connector-token.verifier.js';
import type { InboundActivityPolicy } from '../auth/inbound-activity.policy.js';
import { silentLogger, type Logger } from '../../domain/ports/logger.js';
import { runInTurn } from '../log/turn-log-context.js';
import type { RefusalLog } from './refusal-log.js';

/**
 * The envelope only: what each activity carries is checked where it is used (card data by
 * the bot). Parsed for its verdict; the body itself is passed on (no copy of every field).
 */
const activityEnvelope = z.object({ type: z.string().min(1).max(100) });

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a JSON body of at most `maxBytes` within `timeoutMs`: 413 past the limit (the upload
 * is cut short, nothing is buffered beyond it), 408 past the time (a slow upload does not
 * hold a socket and its buffer), 400 for anything that is not a JSON object, 415 for another
 * content type. Nothing reaches the bot before this has passed.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const type = req.headers['content-type'];
    // refused before reading: the body is never read, and the connection is closed after the answer
    if (type !== undefined && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
      reject(new HttpError(415, 'expected application/json'));
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new HttpError(413, `request body over ${maxBytes} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      chunks.length = 0;
      req.pause();
      reject(new HttpError(408, `request body not received within ${timeoutMs} ms`));
    }, timeoutMs);
    req.once('close', () => clearTimeout(timer));
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        // stop reading: the rest of an oversized upload is never buffered, and the
        // connection is closed once the 413 is sent
        done = true;
        clearTimeout(timer);
        chunks.length = 0;
        req.pause();
        reject(new HttpError(413, `request body over ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(error);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      let body: unknown;
      try {
        body = JSON.parse(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
      } catch {
        reject(new HttpError(400, 'malformed JSON'));
        return;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        reject(new HttpError(400, 'the body must be a JSON object'));
        return;
      }
      resolve(body as Record<string, unknown>);
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, { 'content-length': 0 });
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

export interface BotEndpointOptions {
  readonly maxBodyBytes: number;
  /** the body must have arrived this long after the headers (408 otherwise) */
  readonly bodyTimeoutMs: number;
  /** null in local mode: no token is expected (the Agents Playground sends none) */
  readonly tokens: BotConnectorTokenVerifier | null;
  readonly policy: InboundActivityPolicy;
  readonly refusals: RefusalLog;
  /** failures; each turn's lines carry its activity id, tenant and verb (silent by default) */
  readonly logger?: Logger;
}

/** What the caller is told: the reason goes to the (rate-limited) log only. */
const REFUSAL_BODY: Readonly<Record<number, { error: string }>> = {
  401: { error: 'unauthorized' },
  403: { error: 'forbidden' },
  503: { error: 'authentication unavailable' },
};

/**
 * POST /api/messages, in this order: the token from the Authorization header (before the
 * body is read, so an unauthenticated upload costs a header parse), the body (size- and
 * time-limited), the envelope, the activity against its token and the served channel,
 * service hosts and tenants, then botbuilder's own authentication (cached) and the turn.
 * A refusal is 401 (not what the Bot Connector signed) or 403 (signed, but not served here),
 * with no reply to anyone and one rate-limited log line. What `CloudAdapter.process` does,
 * without its per-request cost (a zod v3 parse of the whole activity and of the response,
 * restify's response formatters).
 */
export class BotEndpointAdapter extends CloudAdapter {
  constructor(
    authentication: BotFrameworkAuthentication,
    private readonly options: BotEndpointOptions,
  ) {
    super(authentication);
  }

  async handle(req: IncomingMessage, res: ServerResponse, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const authorization = req.headers.authorization;
    let token: VerifiedToken | null = null;
    if (this.options.tokens) {
      const verdict = await this.options.tokens.verify(authorization).catch((error: unknown) => {
        this.logger.error({ err: error }, 'token check failed');
        return null;
      });
      if (!verdict) return this.refuse(res, 503, 'token-check-failed', { bodyUnread: true });
      if (!verdict.ok) return this.refuse(res, verdict.status, verdict.reason, { bodyUnread: true });
      token = verdict.token;
    }

    let activity: Activity;
    try {
      const body = await readJsonBody(req, this.options.maxBodyBytes, this.options.bodyTimeoutMs);
      const envelope = activityEnvelope.safeParse(body);
      if (!envelope.success) throw new HttpError(400, 'not an activity: a string "type" is required');
      const refusal = this.options.policy.check(body, token);
      if (refusal) return this.refuse(res, refusal.status, refusal.reason);
      activity = withDates(body as unknown as Activity);
    } catch (error) {
      // the client went away mid-upload: nobody to answer
      if (!(error instanceof HttpError)) return void req.socket.destroy();
      this.options.refusals.refused(error.status, REASON_OF_STATUS[error.status] ?? 'bad-request');
      // the unread rest of a refused upload must not be parsed as the next request
      if (error.status === 408 || error.status === 413 || error.status === 415) closeAfterAnswer(res);
      return sendJson(res, error.status, { error: error.message });
    }

    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authorization ?? '');
    } catch (error) {
      // botbuilder's own check is no stricter than the ones above: reaching here means its
      // key cache and ours disagree (a rotation), or it could not fetch its keys
      if (error instanceof AuthenticationError && error.statusCode >= 500) return this.refuse(res, 503, 'botbuilder-keys-unavailable');
      if (error instanceof AuthenticationError || /^(JsonWebToken|TokenExpired|NotBefore)Error$/.test((error as Error)?.name)) {
        return this.refuse(res, 401, 'botbuilder-refused');
      }
      this.logger.error({ err: error }, 'authentication failed');
      return sendJson(res, 500, { error: 'internal error' });
    }
    const began = performance.now();
    const fields = turnLogFields(activity);
    await runInTurn(fields, async () => {
      let status = 500;
      try {
        const invokeResponse = await this.processActivity(authenticated, activity, logic);
        status = invokeResponse?.status ?? 200;
        sendJson(res, status, invokeResponse?.body);
      } catch (error) {
        this.logger.error({ err: error }, 'activity failed');
        sendJson(res, 500, { error: 'internal error' });
      }
      // one line per turn, whatever it did: what was asked, how it ended, how long it took
      this.logger.info({ ...fields, status, ms: Math.round(performance.now() - began) }, 'turn');
    });
  }

  private get logger(): Logger {
    return this.options.logger ?? silentLogger;
  }

  private refuse(res: ServerResponse, status: number, reason: string, { bodyUnread = false } = {}): void {
    this.options.refusals.refused(status, reason);
    if (bodyUnread) closeAfterAnswer(res);
    sendJson(res, status, REFUSAL_BODY[status] ?? { error: 'refused' });
  }
}

const REASON_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'bad-request',
  408: 'body-too-slow',
  413: 'body-too-large',
  415: 'not-json',
};

/** The body was not (wholly) read: answer, then close, so no byte of it is parsed or buffered. */
function closeAfterAnswer(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('connection', 'close');
}

/**
 * What each line of a turn says about it: the activity, the tenant (checked by the policy
 * above) and what was asked (a card's verb, an invoke's name; a message's intent is added by
 * the bot once chosen). Ids are cut short: they come from the request.
 */
export function turnLogFields(activity: Activity): Record<string, unknown> {
  const short = (value: unknown) => (typeof value === 'string' ? value.slice(0, 128) : undefined);
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const verb =
    activity.type === 'invoke'
      ? activity.name === 'adaptiveCard/action'
        ? (activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb
        : activity.name
      : undefined;
  return {
    activityId: short(activity.id),
    tenant: short(activity.conversation?.tenantId) ?? short(channelTenant),
    type: short(activity.type),
    ...(typeof verb === 'string' ? { verb: verb.slice(0, 64) } : {}),
  };
}

/** As botbuilder's own activity validator: the connector's ISO timestamps become Dates, the raw text is kept. */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    if (typeof raw[field] === 'string') {
      raw[rawField] = raw[field];
      raw[field] = new Date(raw[field]);
    }
  }
  return activity;
}
