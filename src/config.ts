import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SERVICE_HOSTS, parseHostPattern, ServiceHostAllowList } from './infra/auth/service-host.allow-list.js';
import { LOG_LEVELS, type LogLevel } from './infra/log/pino-logger.js';

const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A comma-separated list: empty items dropped; `undefined` when the variable is unset or empty. */
const commaList = (item: (value: string) => string | null, message: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const items = (raw ?? '').split(',').map((value) => value.trim()).filter((value) => value !== '');
      if (items.length === 0) return undefined;
      const parsed: string[] = [];
      for (const value of items) {
        const ok = item(value);
        if (ok === null) ctx.addIssue({ code: 'custom', message: `${message} (got "${value.slice(0, 80)}")` });
        else parsed.push(ok);
      }
      return parsed;
    });

/**
 * Configuration from the environment, checked once at start-up so a typo fails
 * loudly with the variable's name instead of deep inside a request.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  MicrosoftAppId: z.string().trim().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MicrosoftAppTenantId: z.string().trim().default(''),
  MONGODB_URI: z
    .string()
    .trim()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MONGODB_DB: z.string().trim().regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only').default('guichet'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().trim().optional(),
  GUICHET_DATA_DIR: z.string().trim().default('.data'),
  GUICHET_CATEGORIES_FILE: z.string().trim().default('config/categories.json'),
  GUICHET_HELPDESK_FILE: z.string().trim().default('config/helpdesk.json'),
  GUICHET_DIRECTORY_FILE: z.string().trim().default('config/directory.json'),
  GUICHET_DEFAULT_LOCALE: z.string().trim().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'like fr-FR or en-US').default('fr-FR'),
  GUICHET_SERVICE_URL: z.string().trim().url().default('https://smba.trafficmanager.net/teams/'),
  GUICHET_NOTIFY_GIVE_UP_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
  GUICHET_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
  GUICHET_ALLOWED_TENANTS: commaList((value) => (TENANT_ID.test(value.toLowerCase()) ? value.toLowerCase() : null), 'tenant ids (GUIDs), comma-separated'),
  GUICHET_SERVICE_HOSTS: commaList(parseHostPattern, 'host names or *.domain patterns, comma-separated, no scheme or port'),
  GUICHET_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  GUICHET_USER_CREATIONS_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(20),
  GUICHET_USER_ACTIONS_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(120),
  GUICHET_CLOCK_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  GUICHET_TENANT_REQUESTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(30),
  GUICHET_INSTANCES: z.coerce.number().int().min(1).max(1_000).default(1),
  GUICHET_LOG_LEVEL: z.enum(LOG_LEVELS).optional().or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional().or(z.literal('').transform(() => undefined)),
  GUICHET_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional().or(z.literal('').transform(() => undefined)),
  GUICHET_METRICS_HOST: z.string().trim().default('127.0.0.1'),
  GUICHET_READY_MAX_LAG_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  GUICHET_PUBLIC_URL: z.string().trim().url().optional().or(z.literal('').transform(() => undefined)),
  GUICHET_EXPORT_SECRET: z.string().default(''),
});

export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly appId: string;
  /** local mode: no app id, so inbound requests are not authenticated (127.0.0.1 only) */
  readonly localMode: boolean;
  readonly mongoUri: string | undefined;
  readonly mongoDb: string;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly categoriesFile: string;
  readonly helpdeskFile: string;
  /** the people directory of local mode (no app id); with an app id the directory is Microsoft Graph */
  readonly directoryFile: string;
  readonly defaultLocale: string;
  /** Bot Connector URL used to open a chat with someone the bot never talked to */
  readonly serviceUrl: string;
  readonly notifyGiveUpMinutes: number;
  readonly maxBodyBytes: number;
  /**
   * tenants served (lowercased); `any` only in local mode without a list (the Playground's
   * own tenant, on 127.0.0.1). Anything else is refused before a use case runs.
   */
  readonly allowedTenants: readonly string[] | 'any';
  /** where the bot's outbound token may go: inbound service URLs, stored references, serviceUrl above */
  readonly serviceHosts: ServiceHostAllowList;
  /** the patterns behind serviceHosts, for the start-up line */
  readonly serviceHostPatterns: readonly string[];
  /** headers within this of connecting, the body within this of the headers (then 408 / closed) */
  readonly requestTimeoutMs: number;
  /** tickets one user may open in any minute (0: no limit), per instance */
  readonly userCreationsPerMinute: number;
  /** clicks and chat messages one user may send in any minute (0: no limit), per instance */
  readonly userActionsPerMinute: number;
  /** how often the clock looks for due tickets (auto-close); a due ticket changes at most this late */
  readonly clockIntervalMs: number;
  /**
   * Teams' app-wide limit per tenant kept by this instance (requests per second): the tenant's
   * limit (GUICHET_TENANT_REQUESTS_PER_SECOND) shared out between the GUICHET_INSTANCES that send
   */
  readonly tenantRequestsPerSecond: number;
  /** GUICHET_LOG_LEVEL, else LOG_LEVEL; `info` by default, `silent` under NODE_ENV=test */
  readonly logLevel: LogLevel;
  /** where Prometheus scrapes /metrics; undefined: no metrics server */
  readonly metrics: { readonly port: number; readonly host: string } | undefined;
  /** /readyz fails when the oldest due notification, or the clock past its interval, is this late */
  readonly readyMaxLagMs: number;
  /** the bot's public address, for links a browser opens (the CSV export); undefined: this server's own address */
  readonly publicUrl: string | undefined;
  /** signs export links: GUICHET_EXPORT_SECRET, else the app password, else a key per process */
  readonly exportSecret: string;
  /** the whole environment, for botbuilder's own keys (BotOpenIdMetadata, MicrosoftAppPassword…) */
  readonly botEnv: Readonly<Record<string, string | undefined>>;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    };
  }
  const e = parsed.data;
  const errors: string[] = [];
  const localMode = e.MicrosoftAppId === '';
  const host = e.HOST || (localMode ? '127.0.0.1' : '0.0.0.0');
  if (localMode && e.NODE_ENV === 'production') {
    errors.push('MicrosoftAppId: required when NODE_ENV=production (without it, anyone could post to /api/messages)');
  }
  if (localMode && host !== '127.0.0.1' && host !== 'localhost') {
    errors.push(`HOST: without MicrosoftAppId the bot only listens on 127.0.0.1 (got ${host})`);
  }
  if (!localMode && e.MicrosoftAppType === 'SingleTenant' && e.MicrosoftAppTenantId === '') {
    errors.push('MicrosoftAppTenantId: required when MicrosoftAppType=SingleTenant');
  }
  if (!localMode && e.MicrosoftAppType !== 'UserAssignedMSI' && e.MicrosoftAppPassword === '') {
    errors.push('MicrosoftAppPassword: required with MicrosoftAppId');
  }
  const allowedTenants = tenantsServed(localMode, e.MicrosoftAppType, e.MicrosoftAppTenantId, e.GUICHET_ALLOWED_TENANTS);
  if (allowedTenants.length === 0) {
    errors.push(
      `GUICHET_ALLOWED_TENANTS: required when MicrosoftAppType=${e.MicrosoftAppType}${e.MicrosoftAppType === 'MultiTenant' ? '' : ' and MicrosoftAppTenantId is empty'} (the tenant ids this helpdesk serves, comma-separated)`,
    );
  }
  const serviceHostPatterns = e.GUICHET_SERVICE_HOSTS ?? DEFAULT_SERVICE_HOSTS;
  const serviceHosts = new ServiceHostAllowList(serviceHostPatterns, localMode);
  if (!serviceHosts.allows(e.GUICHET_SERVICE_URL)) {
    errors.push(`GUICHET_SERVICE_URL: its host is not in GUICHET_SERVICE_HOSTS (${serviceHostPatterns.join(', ')}), and https is required`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      nodeEnv: e.NODE_ENV,
      appId: e.MicrosoftAppId,
      localMode,
      mongoUri: e.MONGODB_URI,
      mongoDb: e.MONGODB_DB,
      port: e.PORT,
      host,
      dataDir: e.GUICHET_DATA_DIR,
      categoriesFile: e.GUICHET_CATEGORIES_FILE,
      helpdeskFile: e.GUICHET_HELPDESK_FILE,
      directoryFile: e.GUICHET_DIRECTORY_FILE,
      defaultLocale: e.GUICHET_DEFAULT_LOCALE,
      serviceUrl: e.GUICHET_SERVICE_URL,
      notifyGiveUpMinutes: e.GUICHET_NOTIFY_GIVE_UP_MINUTES,
      maxBodyBytes: e.GUICHET_MAX_BODY_BYTES,
      allowedTenants,
      serviceHosts,
      serviceHostPatterns,
      requestTimeoutMs: e.GUICHET_REQUEST_TIMEOUT_MS,
      userCreationsPerMinute: e.GUICHET_USER_CREATIONS_PER_MINUTE,
      userActionsPerMinute: e.GUICHET_USER_ACTIONS_PER_MINUTE,
      clockIntervalMs: e.GUICHET_CLOCK_INTERVAL_MS,
      tenantRequestsPerSecond: e.GUICHET_TENANT_REQUESTS_PER_SECOND / e.GUICHET_INSTANCES,
      logLevel: e.GUICHET_LOG_LEVEL ?? e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
      metrics: e.GUICHET_METRICS_PORT === undefined ? undefined : { port: e.GUICHET_METRICS_PORT, host: e.GUICHET_METRICS_HOST },
      readyMaxLagMs: e.GUICHET_READY_MAX_LAG_SECONDS * 1000,
      publicUrl: e.GUICHET_PUBLIC_URL,
      exportSecret: e.GUICHET_EXPORT_SECRET || e.MicrosoftAppPassword,
      // botbuilder refuses SingleTenant without an app id, which local mode has none of
      botEnv: { ...env, MicrosoftAppType: localMode ? 'MultiTenant' : e.MicrosoftAppType },
    },
  };
}

/**
 * The tenants served: the list if given; otherwise the bot's own tenant for SingleTenant
 * and UserAssignedMSI; any tenant in local mode (127.0.0.1 only, no token: the Playground
 * makes up its tenant). MultiTenant has no tenant of its own: an empty answer, which
 * refuses the start rather than serving the world.
 */
function tenantsServed(
  localMode: boolean,
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI',
  appTenantId: string,
  listed: readonly string[] | undefined,
): readonly string[] | 'any' {
  if (listed) return listed;
  if (localMode) return 'any';
  if (appType !== 'MultiTenant' && appTenantId !== '') return [appTenantId.toLowerCase()];
  return [];
}

/** Where the embedded mongod keeps its files (without MONGODB_URI). */
export function embeddedDbPath(dataDir: string): string {
  return path.join(dataDir, 'mongo');
}
