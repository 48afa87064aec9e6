// `npm run package`: the zip an admin uploads to Teams, built from a throw-away env file and read
// back entry by entry (CRC checked) the way Teams would unpack it.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crc32, inflateRawSync } from 'node:zlib';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import type { JSONSchemaType } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppPackage, PackageError } from '../scripts/package-app.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TEAMS_APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const BOT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

/** The entries of a zip, from its central directory, each checked against its CRC-32. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end, 'end of central directory').toBeGreaterThanOrEqual(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at), 'central directory header').toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    expect(zip.readUInt32LE(localAt), `local header of ${name}`).toBe(0x04034b50);
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const raw = zip.subarray(dataAt, dataAt + compressedSize);
    expect([0, 8], `compression method of ${name} (stored or deflate)`).toContain(method);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(crc32(data), `CRC of ${name}`).toBe(crc);
    files.set(name, Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const schemaDir = join(
  dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json')),
  'build/json-schemas/teams',
);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'guichet-package-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function envDir(name: string, lines: string[]): string {
  const dir = mkdtempSync(join(work, 'env-'));
  writeFileSync(join(dir, `.env.${name}`), `${lines.join('\n')}\n`);
  return dir;
}

describe('npm run package', () => {
  it('writes guichet-<env>.zip with the filled manifest, fr.json and both icons at its root', async () => {
    const outDir = join(work, 'out');
    const built = await buildAppPackage({
      envName: 'ci',
      envDir: envDir('ci', ['# a toolkit env file', `TEAMS_APP_ID=${TEAMS_APP_ID}`, `BOT_ID="${BOT_ID}"`, 'BOT_DOMAIN=']),
      outDir,
      processEnv: {},
    });
    expect(built.zipPath).toBe(join(outDir, 'guichet-ci.zip'));
    const files = unzip(readFileSync(built.zipPath));
    expect([...files.keys()]).toEqual(['manifest.json', 'fr.json', 'color.png', 'outline.png']);

    const manifestText = files.get('manifest.json')!.toString('utf8');
    expect(manifestText).not.toContain('${{');
    const manifest = JSON.parse(manifestText);
    expect(manifest.id).toBe(TEAMS_APP_ID);
    expect(manifest.bots.map((bot: { botId: string }) => bot.botId)).toEqual([BOT_ID]);
    expect(manifest.composeExtensions.map((extension: { botId: string }) => extension.botId)).toEqual([BOT_ID]);
    const schema = JSON.parse(
      readFileSync(join(schemaDir, `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json'), 'utf8'),
    ) as JSONSchemaType<AppManifest>;
    expect(await AppManifestUtils.validateAgainstSchema(manifest, schema)).toEqual([]);

    const fr = JSON.parse(files.get('fr.json')!.toString('utf8'));
    expect(fr['name.full']).toBe('Guichet – le support informatique dans Teams');
    expect(files.get('color.png')!.equals(readFileSync(join(ROOT, 'appPackage', 'color.png')))).toBe(true);
    expect(files.get('outline.png')!.equals(readFileSync(join(ROOT, 'appPackage', 'outline.png')))).toBe(true);
  });

  it('takes a value from the environment over the env file, as the toolkit does', async () => {
    const override = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const built = await buildAppPackage({
      envName: 'ci',
      envDir: envDir('ci', [`TEAMS_APP_ID=${TEAMS_APP_ID}`, `BOT_ID=${BOT_ID}`]),
      outDir: join(work, 'out-override'),
      processEnv: { BOT_ID: override },
    });
    const manifest = JSON.parse(unzip(readFileSync(built.zipPath)).get('manifest.json')!.toString('utf8'));
    expect([manifest.id, manifest.bots[0].botId]).toEqual([TEAMS_APP_ID, override]);
  });

  it('refuses with one line per missing value, naming the placeholder and the env file, and writes nothing', async () => {
    const dir = envDir('ci', [`TEAMS_APP_ID=${TEAMS_APP_ID}`, 'BOT_ID=']);
    const outDir = join(work, 'out-missing');
    const failure = await buildAppPackage({ envName: 'ci', envDir: dir, outDir, processEnv: {} }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PackageError);
    expect((failure as PackageError).problems).toEqual([
      `appPackage/manifest.json: \${{BOT_ID}} has no value: set BOT_ID in ${join(dir, '.env.ci')} (or ${join(dir, '.env.ci.user')}, or the environment)`,
    ]);
    expect(() => readFileSync(join(outDir, 'guichet-ci.zip'))).toThrow(/ENOENT/);
  });

  it('refuses an outline icon of the wrong size', async () => {
    const root = mkdtempSync(join(work, 'root-'));
    cpSync(join(ROOT, 'appPackage'), join(root, 'appPackage'), { recursive: true });
    cpSync(join(ROOT, 'appPackage', 'color.png'), join(root, 'appPackage', 'outline.png'));
    const failure = await buildAppPackage({
      envName: 'ci',
      root,
      envDir: envDir('ci', [`TEAMS_APP_ID=${TEAMS_APP_ID}`, `BOT_ID=${BOT_ID}`]),
      processEnv: {},
    }).catch((error: unknown) => error);
    expect((failure as PackageError).problems).toEqual(['appPackage/outline.png: 192x192 pixels, Teams wants 32x32']);
  });

  it('on the command line: exit code 1 and what to set, for an environment without its env file', async () => {
    const run = promisify(execFile);
    const env = { ...process.env };
    delete env.TEAMS_APP_ID;
    delete env.BOT_ID;
    const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/package-app.ts', '--env', 'nosuchenv'], { cwd: ROOT, env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr.trim().split('\n')).toEqual([
      'npm run package: no package for the "nosuchenv" environment:',
      '  - env/.env.nosuchenv not found: it gives the values of the ${{…}} placeholders in appPackage/',
      '  - appPackage/manifest.json: ${{TEAMS_APP_ID}} has no value: set TEAMS_APP_ID in env/.env.nosuchenv (or env/.env.nosuchenv.user, or the environment)',
      '  - appPackage/manifest.json: ${{BOT_ID}} has no value: set BOT_ID in env/.env.nosuchenv (or env/.env.nosuchenv.user, or the environment)',
    ]);
  });
});
