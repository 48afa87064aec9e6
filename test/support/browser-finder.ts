import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

/**
 * Finds the Chromium the Playground end-to-end tests drive, so that `npm install && npm test` passes
 * on a machine that has only Node and npm: the one the user points at, else a system Chromium/Chrome,
 * else the Linux x64 build that `npm install` brought (@sparticuz/chromium, with its own NSS and
 * expat libraries). Each candidate must answer `--version` before it is chosen, so a broken one is
 * reported here rather than as a browser that never starts. No browser is a failure, never a skip.
 */

export type BrowserSource = 'CHROMIUM_PATH' | 'system' | 'bundled';

export interface FoundBrowser {
  readonly executablePath: string;
  readonly source: BrowserSource;
  /** what `--version` printed, e.g. "Chromium 147.0.7727.0" */
  readonly version: string;
  /** environment it needs on top of the caller's (the npm build's own libraries and fonts) */
  readonly env: Readonly<Record<string, string>>;
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const SYSTEM_PATHS = ['/usr/bin', '/usr/local/bin', '/snap/bin'].flatMap((dir) => SYSTEM_NAMES.map((name) => path.join(dir, name)));
const BUNDLED_PACKAGE = '@sparticuz/chromium';
const WHAT_TO_INSTALL = 'install Chromium or Google Chrome (e.g. apt-get install chromium) or set CHROMIUM_PATH to one';

/**
 * The first browser that runs. `GUICHET_BROWSER=bundled` skips the system lookup (to check the npm
 * build on a machine that has a system one). Throws one line saying what to install when none runs.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): FoundBrowser {
  if (env.CHROMIUM_PATH) {
    const found = tryRun(env.CHROMIUM_PATH, 'CHROMIUM_PATH', {});
    if (typeof found === 'string') {
      throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} ${found}: point it at a Chromium or Chrome executable, or unset it.`);
    }
    return found;
  }
  const tried: string[] = ['CHROMIUM_PATH is not set'];
  if (env.GUICHET_BROWSER === 'bundled') {
    tried.push('GUICHET_BROWSER=bundled skips the system one');
  } else {
    const system = systemBrowser(env.PATH ?? '');
    if (typeof system !== 'string') return system;
    tried.push(system);
  }
  const bundled = bundledBrowser();
  if (typeof bundled !== 'string') return bundled;
  tried.push(bundled);
  throw new Error(`No browser for the Playground end-to-end tests (${tried.join('; ')}): ${WHAT_TO_INSTALL}.`);
}

function systemBrowser(searchPath: string): FoundBrowser | string {
  const onPath = searchPath
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => SYSTEM_NAMES.map((name) => path.join(dir, name)));
  const candidates = [...new Set([...onPath, ...SYSTEM_PATHS])].filter(isExecutableFile);
  const failures: string[] = [];
  for (const candidate of candidates) {
    const found = tryRun(candidate, 'system', {});
    if (typeof found !== 'string') return found;
    failures.push(`${candidate} ${found}`);
  }
  return failures.length > 0 ? failures.join('; ') : `no ${SYSTEM_NAMES.join('/')} on PATH or in /usr/bin`;
}

/** The npm build, unpacked once per version next to node_modules (atomically: test files start it in parallel). */
function bundledBrowser(): FoundBrowser | string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return `${BUNDLED_PACKAGE} (from npm install) is built for Linux x64 only, this is ${process.platform} ${process.arch}`;
  }
  let packageDir: string;
  try {
    // exports only ".": its CommonJS entry is build/cjs/index.cjs, the compressed browser is in bin/
    packageDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve(BUNDLED_PACKAGE)), '..', '..');
  } catch {
    return `${BUNDLED_PACKAGE} is not installed (run npm install)`;
  }
  const bin = path.join(packageDir, 'bin');
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const nodeModules = path.resolve(packageDir, '..', '..');
  const cacheRoot = path.basename(nodeModules) === 'node_modules' ? path.join(nodeModules, '.cache') : os.tmpdir();
  const dir = path.join(cacheRoot, 'guichet-chromium', version);
  try {
    unpack(bin, dir);
  } catch (error) {
    return `${BUNDLED_PACKAGE} ${version} could not be unpacked into ${dir}: ${firstLine(String(error))}`;
  }
  const found = tryRun(path.join(dir, 'chromium'), 'bundled', {
    LD_LIBRARY_PATH: [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
    FONTCONFIG_FILE: path.join(dir, 'fonts.conf'),
  });
  return typeof found === 'string' ? `${BUNDLED_PACKAGE} ${version} ${found}` : found;
}

function unpack(bin: string, dir: string): void {
  if (existsSync(path.join(dir, 'chromium'))) return;
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    writeFileSync(path.join(partial, 'chromium'), brotliDecompressSync(readFileSync(path.join(bin, 'chromium.br'))), { mode: 0o755 });
    untar(brotliDecompressSync(readFileSync(path.join(bin, 'al2023.tar.br'))), partial); // lib/: NSS, NSPR, expat
    untar(brotliDecompressSync(readFileSync(path.join(bin, 'swiftshader.tar.br'))), partial); // beside the binary, where it looks for them
    untar(brotliDecompressSync(readFileSync(path.join(bin, 'fonts.tar.br'))), partial); // fonts/Open_Sans
    writeFileSync(path.join(partial, 'fonts.conf'), fontsConf(dir));
    renameSync(partial, dir);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    // another test file unpacked the same version first
    if (!existsSync(path.join(dir, 'chromium'))) throw error;
  }
}

/** The package's own fonts.conf points at /tmp/fonts; ours at the unpacked fonts, then the system's. */
function fontsConf(dir: string): string {
  const dirs = [path.join(dir, 'fonts'), '/usr/share/fonts', '/usr/local/share/fonts'];
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    ...dirs.map((fontDir) => `  <dir>${fontDir}</dir>`),
    `  <cachedir>${path.join(dir, 'fontconfig-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

/** Plain files and directories of a ustar archive (what the package ships), refusing paths that leave `into`. */
function untar(archive: Buffer, into: string): void {
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const name = path.posix.join(field(345, 155), field(0, 100));
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const target = path.resolve(into, name);
    if (!target.startsWith(path.resolve(into) + path.sep)) throw new Error(`archive entry ${name} leaves ${into}`);
    if (type === '5') mkdirSync(target, { recursive: true });
    if (type === '0') {
      mkdirSync(path.dirname(target), { recursive: true });
      const mode = parseInt(field(100, 8).trim() || '644', 8) & 0o755;
      writeFileSync(target, archive.subarray(offset + 512, offset + 512 + size), { mode });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
}

/** The browser if `--version` answers, else why not (a snap stub, missing libraries…). */
function tryRun(executablePath: string, source: BrowserSource, env: Record<string, string>): FoundBrowser | string {
  if (!isExecutableFile(executablePath)) return 'is not an executable file';
  const run = spawnSync(executablePath, ['--version'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000 });
  const version = /(?:Chromium|Chrome)\S* [\d.]+/.exec(run.stdout ?? '')?.[0];
  if (run.status === 0 && version) return { executablePath, source, version, env };
  if (run.status === 0) return `is not Chromium or Chrome (--version said: ${firstLine(run.stdout ?? '')})`;
  const why = run.error?.message ?? (firstLine(run.stderr ?? '') || firstLine(run.stdout ?? '') || `exit ${run.status ?? run.signal}`);
  return `did not run (${why})`;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
