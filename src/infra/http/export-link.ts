import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { STATS_PERIODS, type ExportLinkMaker, type ExportLinkRequest, type StatsPeriod } from '../../domain/ports/ticket-export.js';

/** A link is good this long: enough to click it, short enough that a forwarded one soon dies. */
export const EXPORT_LINK_MINUTES = 15;

const claimsSchema = z.object({
  t: z.string().min(1).max(100),
  u: z.string().min(1).max(100),
  n: z.string().max(200),
  l: z.enum(['fr', 'en']),
  d: z.union([z.literal(7), z.literal(30), z.literal(90)]),
  e: z.number().int(),
});

export interface ExportClaims {
  readonly tenantId: string;
  readonly userId: string;
  readonly userName: string;
  readonly language: 'fr' | 'en';
  readonly days: StatsPeriod;
  readonly expiresAt: Date;
}

const encode = (buffer: Buffer) => buffer.toString('base64url');

/**
 * Signed, expiring links to `/api/exports/<token>`: a browser opening the CSV carries no Teams
 * token, so the link itself says who asked (HMAC-SHA256 with the server's secret) and until when.
 * Rights are checked again when it is opened.
 */
export class ExportLinks implements ExportLinkMaker {
  private readonly key: Buffer;

  /** `secret` empty: a random key, so links die with the process (local runs) */
  constructor(
    /** read when a link is made: the server's own address is known once it listens */
    private readonly baseUrl: () => string,
    secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = secret ? createHmac('sha256', 'guichet-export').update(secret).digest() : randomBytes(32);
  }

  linkFor(claims: ExportLinkRequest): string {
    const body = encode(
      Buffer.from(
        JSON.stringify({
          t: claims.tenantId,
          u: claims.userId,
          n: claims.userName.slice(0, 200),
          l: claims.language,
          d: claims.days,
          e: this.now().getTime() + EXPORT_LINK_MINUTES * 60_000,
        }),
      ),
    );
    return `${this.baseUrl().replace(/\/+$/, '')}/api/exports/${body}.${this.sign(body)}`;
  }

  /** The claims of a genuine, unexpired token; null for anything else (forged, altered, expired, malformed). */
  read(token: string): ExportClaims | 'expired' | null {
    if (token.length > 2_000) return null;
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const parsed = claimsSchema.safeParse(json);
    if (!parsed.success || !(STATS_PERIODS as readonly number[]).includes(parsed.data.d)) return null;
    const { t, u, n, l, d, e } = parsed.data;
    if (e <= this.now().getTime()) return 'expired';
    return { tenantId: t, userId: u, userName: n, language: l, days: d, expiresAt: new Date(e) };
  }

  private sign(body: string): string {
    return encode(createHmac('sha256', this.key).update(body).digest());
  }
}
