import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startGuichet, stopOnSignals } from './index.js';

/**
 * `npm start`: the bot, its embedded MongoDB and the Microsoft 365 Agents Playground
 * (a local Teams client), all stopped together by Ctrl-C.
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

const env = { ...readEnvFile(path.join('env', '.env.local')), ...process.env };
const playgroundPort = env.PLAYGROUND_PORT ?? '56150';

const running = await startGuichet(env).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const endpoint = `${running.url}/api/messages`;
console.log(`[guichet] bot listening on ${endpoint}`);
console.log(`[guichet] MongoDB: ${running.mongod ? `embedded, data in ${running.mongod.dbPath}` : 'MONGODB_URI'}`);

const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
const playground = spawn(
  process.execPath,
  [cli, '-e', endpoint, '-c', 'msteams', '-p', playgroundPort, '--disable-telemetry'],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BROWSER: 'none' } },
);
playground.stdout.on('data', (chunk: Buffer) => process.stdout.write(chunk));
console.log(`[guichet] Agents Playground: http://localhost:${playgroundPort}  (open it in a browser, then say « Bonjour »)`);

stopOnSignals(async () => {
  playground.kill('SIGTERM');
  await running.stop();
});
playground.on('exit', (code) => {
  console.log(`[guichet] Agents Playground exited (${code ?? 'signal'})`);
});
