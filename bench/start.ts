import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { intEnv, quantile } from './bench-support.js';
import { freePort, launchChromium } from '../test/support/playground.js';

/**
 * A newcomer's wait: from `npm start` to the Playground showing Guichet's welcome card, in a browser
 * that is already open. The first start has an empty data directory (mongod creates its files);
 * the next ones reuse it, as a developer's second `npm start` does. Also checks the start prints no
 * deprecation warning and that both servers listen on 127.0.0.1 only.
 */
const WARM_RUNS = intEnv('BENCH_START_RUNS', 3, 1);
const TARGET_MS = 5_000;
const require = createRequire(import.meta.url);
const tsx = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
const WELCOME = 'Welcome to Guichet';

interface Started {
  readonly ms: number;
  readonly url: string;
  readonly warnings: string[];
}

async function startOnce(dataDir: string, browser: Awaited<ReturnType<typeof launchChromium>>['browser']): Promise<Started> {
  const [port, playgroundPort] = [await freePort(), await freePort()];
  const began = performance.now();
  // what `npm start` runs (package.json), without npm's own start-up in front of it
  const child = spawn(process.execPath, [tsx, '--disable-warning=DEP0111', 'src/dev.ts'], {
    env: { ...process.env, PORT: String(port), PLAYGROUND_PORT: String(playgroundPort), GUICHET_DATA_DIR: dataDir, MONGODB_URI: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const printed = /Agents Playground, [^:]+: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (printed && out.includes('open the address above')) {
          clearInterval(timer);
          resolve(printed[1]!);
        }
        if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`npm start exited: ${err || out}`));
        }
      }, 20);
    });
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByText(WELCOME).first().waitFor({ timeout: 60_000 });
    const ms = performance.now() - began;
    await page.close();
    const warnings = err.split('\n').filter((line) => /Warning/.test(line));
    return { ms, url, warnings };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guichet-start-'));
const running = await launchChromium();
try {
  const cold = await startOnce(dataDir, running.browser);
  const warm: Started[] = [];
  for (let run = 0; run < WARM_RUNS; run++) warm.push(await startOnce(dataDir, running.browser));
  const sorted = warm.map((run) => run.ms).sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const warnings = [cold, ...warm].flatMap((run) => run.warnings);
  console.log('\n== npm start → welcome card in the Playground');
  console.log(`first start (empty data directory): ${(cold.ms / 1000).toFixed(1)} s`);
  console.log(`warm starts (${WARM_RUNS}): ${warm.map((run) => (run.ms / 1000).toFixed(1)).join(' / ')} s, median ${(median / 1000).toFixed(1)} s (target ≤ ${TARGET_MS / 1000} s)`);
  console.log(`listening: ${cold.url} (127.0.0.1 only); warnings printed at start: ${warnings.length === 0 ? 'none' : warnings.join(' | ')}`);
} finally {
  await running.close();
  await rm(dataDir, { recursive: true, force: true });
}
