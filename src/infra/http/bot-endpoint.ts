import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticationError } from 'botframework-connector';
import { CloudAdapter, type Activity, type TurnContext } from 'botbuilder';
import { z } from 'zod';

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
 * Reads a JSON body of at most `maxBytes`: 413 past the limit (the upload is cut short,
 * nothing is buffered beyond it), 400 for anything that is not a JSON object, 415 for
 * another content type. Nothing reaches the bot before this has passed.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
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
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        // stop reading: the rest of an oversized upload is never buffered, and the
        // connection is closed once the 413 is sent
        done = true;
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
      reject(error);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
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

/**
 * POST /api/messages: what `CloudAdapter.process` does, without its per-request cost
 * (a zod v3 parse of the whole activity and of the response object, restify's response
 * formatters): read the body (size-limited), check the envelope, hand the activity and
 * the Authorization header to `processActivity` (which authenticates it exactly as
 * `process` would), and write the invoke response. An authentication failure is 401,
 * any other failure 500.
 */
export class BotEndpointAdapter extends CloudAdapter {
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    maxBytes: number,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    let activity: Activity;
    try {
      const body = await readJsonBody(req, maxBytes);
      const envelope = activityEnvelope.safeParse(body);
      if (!envelope.success) throw new HttpError(400, 'not an activity: a string "type" is required');
      activity = withDates(body as unknown as Activity);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      // the unread rest of a refused upload must not be parsed as the next request
      if ((error.status === 413 || error.status === 415) && !res.headersSent) res.setHeader('connection', 'close');
      return sendJson(res, error.status, { error: error.message });
    }
    const authorization = req.headers.authorization ?? '';
    try {
      const invokeResponse = await this.processActivity(authorization, activity, logic);
      sendJson(res, invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (error) {
      if (error instanceof AuthenticationError) return sendJson(res, 401, { error: 'unauthorized' });
      console.error('[guichet] activity failed:', error);
      sendJson(res, 500, { error: 'internal error' });
    }
  }
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
