import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { createApp, type App } from './create-app.js';
import { startEmbeddedMongod, type EmbeddedMongod } from './infra/mongo/embedded-mongod.js';

export { createApp } from './create-app.js';

export interface Running {
  readonly app: App;
  readonly url: string;
  readonly mongod: EmbeddedMongod | null;
  stop(): Promise<void>;
}

/**
 * Starts Guichet from an environment. Without MONGODB_URI it runs the bundled
 * mongod under the data directory, so a fresh clone works with no database to install.
 */
export async function startGuichet(env: Record<string, string | undefined>): Promise<Running> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    throw new Error(`Guichet cannot start, fix the configuration:\n  - ${loaded.errors.join('\n  - ')}`);
  }
  let config: Config = loaded.config;
  let mongod: EmbeddedMongod | null = null;
  if (!config.mongoUri) {
    mongod = await startEmbeddedMongod({ dbPath: path.join(config.dataDir, 'mongo') });
    config = { ...config, mongoUri: mongod.uri };
  }
  try {
    const app = await createApp(config);
    const { url } = await app.start();
    return {
      app,
      url,
      mongod,
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

/** `kill -HUP` re-reads config/helpdesk.json: staff changes without a restart. */
export function reloadOnHangup(app: App): void {
  process.on('SIGHUP', () => {
    app
      .reloadHelpdesk()
      .then(() => console.log('[guichet] helpdesk configuration reloaded'))
      .catch((error: Error) => console.error(`[guichet] helpdesk configuration not reloaded: ${error.message}`));
  });
}

/** Stops cleanly on Ctrl-C or a container stop, so the embedded mongod is never left behind. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`[guichet] ${signal} received, stopping…`);
    stop()
      .catch((error) => console.error('[guichet] stop failed:', error))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

const isEntryPoint = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isEntryPoint) {
  startGuichet(process.env)
    .then((running) => {
      console.log(`[guichet] listening on ${running.url}/api/messages`);
      stopOnSignals(running.stop);
      reloadOnHangup(running.app);
    })
    .catch((error: Error) => {
      console.error(error.message);
      process.exit(1);
    });
}
