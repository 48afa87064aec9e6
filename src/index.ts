import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { embeddedDbPath, loadConfig, type Config } from './config.js';
import { createApp, type App } from './create-app.js';
import { silentLogger, type Logger } from './domain/ports/logger.js';
import { lineTo } from './infra/log/line-logger.js';
import { createPinoLogger } from './infra/log/pino-logger.js';
import { startEmbeddedMongod, type EmbeddedMongod } from './infra/mongo/embedded-mongod.js';

export { createApp } from './create-app.js';

export interface Running {
  readonly app: App;
  readonly config: Config;
  readonly url: string;
  readonly mongod: EmbeddedMongod | null;
  readonly logger: Logger;
  stop(): Promise<void>;
}

/**
 * Starts Guichet from an environment. Without MONGODB_URI it runs the bundled
 * mongod under the data directory, so a fresh clone works with no database to install.
 */
export async function startGuichet(
  env: Record<string, string | undefined>,
  /** a mongod already starting (`npm start` boots it while the bot's modules load) */
  embedded?: Promise<EmbeddedMongod>,
  /** where to log (`npm start` has one before the bot starts); otherwise JSON lines at the configured level */
  logger?: Logger,
): Promise<Running> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    throw new Error(`Guichet cannot start, fix the configuration:\n  - ${loaded.errors.join('\n  - ')}`);
  }
  let config: Config = loaded.config;
  const log = logger ?? createPinoLogger({ level: config.logLevel });
  let mongod: EmbeddedMongod | null = null;
  if (!config.mongoUri) {
    mongod = await (embedded ?? startEmbeddedMongod({ dbPath: embeddedDbPath(config.dataDir), log: lineTo(log, 'warn') }));
    config = { ...config, mongoUri: mongod.uri };
  }
  try {
    const app = await createApp(config, { logger: log });
    const { url, metricsUrl } = await app.start();
    if (metricsUrl) log.info({ metricsUrl }, `metrics on ${metricsUrl}`);
    return {
      app,
      config,
      url,
      mongod,
      logger: log,
      stop: async () => {
        await app.stop();
        await mongod?.stop();
      },
    };
  } catch (error) {
    await mongod?.stop();
    throw error;
  }
}

/** Says at start-up who is served and where the bot's token may go, so a misconfiguration shows at once. */
export function servedLine(config: Config): string {
  const tenants = config.allowedTenants === 'any' ? 'any (local mode)' : config.allowedTenants.join(', ');
  const hosts = [...config.serviceHostPatterns, ...(config.localMode ? ['localhost (local mode)'] : [])].join(', ');
  return `serving channel msteams, tenants: ${tenants}; service hosts: ${hosts}`;
}

/** `kill -HUP` re-reads config/helpdesk.json: staff changes without a restart. */
export function reloadOnHangup(app: App): void {
  process.on('SIGHUP', () => {
    app
      .reloadHelpdesk()
      .then(() => app.logger.info({}, 'helpdesk configuration reloaded'))
      .catch((error: Error) => app.logger.error({ err: error }, `helpdesk configuration not reloaded: ${error.message}`));
  });
}

/** Stops cleanly on Ctrl-C or a container stop, so the embedded mongod is never left behind. */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger = silentLogger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${signal} received, stopping…`);
    stop()
      .catch((error) => logger.error({ err: error }, 'stop failed'))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

const isEntryPoint = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isEntryPoint) {
  startGuichet(process.env)
    .then((running) => {
      running.logger.info({ url: `${running.url}/api/messages` }, `listening on ${running.url}/api/messages`);
      running.logger.info({}, servedLine(running.config));
      stopOnSignals(running.stop, running.logger);
      reloadOnHangup(running.app);
    })
    .catch((error: Error) => {
      // the configuration may be what failed: its level is not known, the reason is always told
      createPinoLogger({ level: 'info' }).error({}, error.message);
      process.exit(1);
    });
}
