import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../support/browser-finder.js';

/** Which browser the Playground tests drive: fake executables stand in for the user's and the system's. */
describe('findBrowser', () => {
  let dir: string;
  const fake = async (name: string, script: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, `#!/bin/sh\n${script}\n`);
    await chmod(file, 0o755);
    return file;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-browser-finder-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes CHROMIUM_PATH before a Chromium on PATH', async () => {
    const chosen = await fake('my-chrome', 'echo "Google Chrome 150.0.1.2"');
    await fake('chromium', 'echo "Chromium 151.0.0.0"');
    const found = findBrowser({ CHROMIUM_PATH: chosen, PATH: dir });
    expect(found).toEqual({ executablePath: chosen, source: 'CHROMIUM_PATH', version: 'Chrome 150.0.1.2', env: {} });
  });

  it('takes a system Chromium from PATH when CHROMIUM_PATH is not set', async () => {
    const onPath = await fake('chromium', 'echo "Chromium 151.0.0.0 built on Debian"');
    const found = findBrowser({ PATH: dir });
    expect(found).toEqual({ executablePath: onPath, source: 'system', version: 'Chromium 151.0.0.0', env: {} });
  });

  it('fails on a CHROMIUM_PATH that does not run, saying why, instead of looking further', async () => {
    const broken = await fake('broken-chrome', 'echo "error while loading shared libraries: libnss3.so" >&2; exit 127');
    await fake('chromium', 'echo "Chromium 151.0.0.0"');
    expect(() => findBrowser({ CHROMIUM_PATH: broken, PATH: dir })).toThrow(
      new Error(
        `CHROMIUM_PATH=${broken} did not run (error while loading shared libraries: libnss3.so): ` +
          'point it at a Chromium or Chrome executable, or unset it.',
      ),
    );
  });

  it('with GUICHET_BROWSER=bundled, takes the Chromium npm installed, which runs here', () => {
    const run = () => findBrowser({ GUICHET_BROWSER: 'bundled', PATH: dir });
    if (process.platform === 'linux' && process.arch === 'x64') {
      const found = run();
      expect(found.source).toBe('bundled');
      expect(found.executablePath).toMatch(/node_modules\/\.cache\/guichet-chromium\/[\d.]+\/chromium$/);
      expect(found.version).toMatch(/^Chromium \d+\.\d+\.\d+\.\d+$/);
    } else {
      expect(run).toThrow(
        new Error(
          'No browser for the Playground end-to-end tests (CHROMIUM_PATH is not set; GUICHET_BROWSER=bundled skips the system one; ' +
            `@sparticuz/chromium (from npm install) is built for Linux x64 only, this is ${process.platform} ${process.arch}): ` +
            'install Chromium or Google Chrome (e.g. apt-get install chromium) or set CHROMIUM_PATH to one.',
        ),
      );
    }
  });
});
