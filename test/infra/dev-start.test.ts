import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/playground.js';

/**
 * `npm start` as a newcomer runs it: the address printed is the Playground's real one (its own port
 * taken → the one it fell back to), nothing listens beyond 127.0.0.1, and no warning scares them.
 */
const started: { child: ChildProcess; dir: string }[] = [];

afterEach(async () => {
  for (const { child, dir } of started.splice(0)) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  }
});

function listenOn(port: number, host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** Whether something accepts a TCP connection there. */
function accepts(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const externalAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

describe('npm start', () => {
  it('prints the Playground address it really listens on, on 127.0.0.1 only, without warnings', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-dev-'));
    const [botPort, wanted] = [await freePort(), await freePort()];
    // someone else already has the Playground's port
    const squatter = await listenOn(wanted, '127.0.0.1');
    try {
      const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--disable-warning=DEP0111', 'src/dev.ts'], {
        env: { ...process.env, PORT: String(botPort), PLAYGROUND_PORT: String(wanted), GUICHET_DATA_DIR: dir, MONGODB_URI: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      started.push({ child, dir });
      let out = '';
      let err = '';
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`npm start exited (${code}): ${err}${out}`)));
        const poll = setInterval(() => {
          if (out.includes('open the address above')) {
            clearInterval(poll);
            resolve();
          }
        }, 50);
      });
      const printed = /Agents Playground, [^:"]+: http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      expect(printed, out).not.toBeNull();
      const port = Number(printed![1]);
      expect(port).not.toBe(wanted);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await accepts(botPort, '127.0.0.1')).toBe(true);
      if (externalAddress) {
        expect(await accepts(port, externalAddress)).toBe(false);
        expect(await accepts(botPort, externalAddress)).toBe(false);
      }
      expect(err).not.toMatch(/Warning/);
    } finally {
      squatter.close();
    }
  }, 60_000);
});
