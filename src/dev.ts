import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startGuichet, stopOnSignals } from './index.js';

/**
 * `npm start`: the bot, its embedded MongoDB and the Microsoft 365 Agents Playground
 * (a local Teams client), all stopped together by Ctrl-C. `npm run start:team` runs two
 * Playgrounds, a technician and a requester (the Playground has one user per instance).
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

const running = await startGuichet(env).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const endpoint = `${running.url}/api/messages`;
console.log(`[guichet] bot listening on ${endpoint}`);
console.log(`[guichet] MongoDB: ${running.mongod ? `embedded, data in ${running.mongod.dbPath}` : 'MONGODB_URI'}`);

const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');

function startPlayground(port: number, who: string, configFile?: string): ChildProcess {
  const child = spawn(process.execPath, [cli, '-e', endpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BROWSER: 'none', ...(configFile ? { M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile } : {}) },
  });
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  child.on('exit', (code) => console.log(`[guichet] Agents Playground (${who}) exited (${code ?? 'signal'})`));
  console.log(`[guichet] Agents Playground, ${who}: http://localhost:${port}`);
  return child;
}

const playgrounds = team
  ? [
      startPlayground(playgroundPort, 'Théo, technician and lead of Support N1', path.resolve('config/playground/technician.yml')),
      startPlayground(playgroundPort + 1, 'Rose, requester', path.resolve('config/playground/requester.yml')),
    ]
  : [startPlayground(playgroundPort, 'you are Alex Wilber')];
console.log('[guichet] then say « français », and describe a problem');

stopOnSignals(async () => {
  for (const playground of playgrounds) playground.kill('SIGTERM');
  await running.stop();
});
