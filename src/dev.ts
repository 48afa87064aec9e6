import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { embeddedDbPath, loadConfig } from './config.js';
import { lineTo } from './infra/log/line-logger.js';
import { createPinoLogger } from './infra/log/pino-logger.js';
import { startEmbeddedMongod, type EmbeddedMongod } from './infra/mongo/embedded-mongod.js';

/**
 * `npm start`: the bot, its embedded MongoDB and the Microsoft 365 Agents Playground
 * (a local Teams client), all stopped together by Ctrl-C. `npm run start:team` runs two
 * Playgrounds, a technician and a requester (the Playground has one user per instance).
 * The Playgrounds start while the database does (a newcomer waits for the slower of the two,
 * not for both), listen on 127.0.0.1 only, and the address printed is the one they took.
 */
function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && line.includes('='))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at).trim(), line.slice(at + 1).trim().replace(/^"(.*)"$/, '$1')] as const;
    });
  return Object.fromEntries(entries);
}

const team = process.argv.includes('--team');
const env: Record<string, string | undefined> = {
  ...readEnvFile(path.join('env', '.env.local')),
  // the team set-up has its own staff, so its own database
  ...(team ? { GUICHET_HELPDESK_FILE: path.join('config', 'playground', 'helpdesk.json'), GUICHET_DATA_DIR: path.join('.data', 'team') } : {}),
  ...process.env,
};
const playgroundPort = Number(env.PLAYGROUND_PORT ?? '56150');
const host = env.HOST || '127.0.0.1';
const endpoint = `http://${host}:${env.PORT ?? '3978'}/api/messages`;

const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
const loopbackOnly = path.resolve('scripts', 'loopback-only.cjs');

interface Playground {
  readonly child: ChildProcess;
  readonly who: string;
  /** The port it listens on: the one asked for, or the one it fell back to when that was taken. */
  readonly port: Promise<number>;
}

function startPlayground(port: number, who: string, configFile: string): Playground {
  const child = spawn(process.execPath, ['--require', loopbackOnly, cli, '-e', endpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile },
  });
  const listening = new Promise<number>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /Listening on (\d+)/.exec(seen);
      if (match) {
        resolve(Number(match[1]));
        seen = '';
      } else if (seen.length > 10_000) {
        seen = seen.slice(-200);
      }
    });
    child.on('exit', (code) => {
      reject(new Error(`the Agents Playground (${who}) exited (${code ?? 'signal'}) before listening`));
      logger.info({ who, code }, `Agents Playground (${who}) exited (${code ?? 'signal'})`);
    });
  });
  return { child, who, port: listening };
}

const playgrounds = team
  ? [
      startPlayground(playgroundPort, 'Théo, technician and lead of Support N1', path.resolve('config/playground/technician.yml')),
      startPlayground(playgroundPort + 1, 'Rose, requester', path.resolve('config/playground/requester.yml')),
    ]
  : [startPlayground(playgroundPort, 'you are Alex Wilber', path.resolve('config/playground/local.yml'))];

function stopPlaygrounds(): void {
  for (const playground of playgrounds) playground.child.kill('SIGTERM');
}

// mongod boots while the bot's modules (botbuilder, restify…) load: the two take about as long
const loaded = loadConfig(env);
// JSON lines like production's; each `msg` is the sentence a newcomer reads, so `info` at least
// unless a level is asked for (NODE_ENV=test alone, as under vitest, must not hide the addresses)
const levelAsked = Boolean(env.GUICHET_LOG_LEVEL || env.LOG_LEVEL);
const logger = createPinoLogger({ level: loaded.ok && levelAsked ? loaded.config.logLevel : 'info' });
const embedded: Promise<EmbeddedMongod> | undefined =
  loaded.ok && !loaded.config.mongoUri ? startEmbeddedMongod({ dbPath: embeddedDbPath(loaded.config.dataDir), log: lineTo(logger, 'warn') }) : undefined;
embedded?.catch(() => undefined);
const { startGuichet, stopOnSignals } = await import('./index.js');
const running = await startGuichet(env, embedded, logger).catch((error: Error) => {
  logger.error({}, error.message);
  stopPlaygrounds();
  process.exit(1);
});
logger.info({ url: `${running.url}/api/messages` }, `bot listening on ${running.url}/api/messages`);
logger.info({}, `MongoDB: ${running.mongod ? `embedded, data in ${running.mongod.dbPath}` : 'MONGODB_URI'}`);

stopOnSignals(async () => {
  stopPlaygrounds();
  await running.stop();
}, logger);

try {
  // printed once the bot answers too: a Playground opened earlier would lose its welcome
  for (const playground of playgrounds) logger.info({}, `Agents Playground, ${playground.who}: http://127.0.0.1:${await playground.port}`);
  logger.info({}, 'open the address above; say « français » or « english » if you like, and describe a problem');
} catch (error) {
  logger.error({}, (error as Error).message);
}
