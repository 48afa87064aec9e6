/**
 * `npm run package [-- --env <name>]` (default `dev`): the Teams app package an admin uploads,
 * `appPackage/build/guichet-<env>.zip`. The `${{NAME}}` placeholders of appPackage/ are filled the
 * way the Microsoft 365 Agents Toolkit fills them (env/.env.<env>, then env/.env.<env>.user, the
 * process environment last), so the zip built here and the one Provision uploads are the same.
 * It refuses to write a zip Teams would reject: a placeholder without a value (one line each,
 * naming the env file), a manifest or localization file outside the bundled schema, a wrong icon.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import type { JSONSchemaType } from 'ajv';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const ICONS = { color: { size: 192, transparent: false }, outline: { size: 32, transparent: true } } as const;

export interface PackageOptions {
  /** the environment whose env/.env.<name> fills the placeholders */
  readonly envName: string;
  /** the project (appPackage/ and env/ are read there) */
  readonly root?: string;
  /** where env/.env.<name> is looked for; default <root>/env */
  readonly envDir?: string;
  /** where the zip goes; default <root>/appPackage/build */
  readonly outDir?: string;
  /** overrides the env files, as the shell does for the toolkit; default process.env */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
}

export interface BuiltPackage {
  readonly zipPath: string;
  /** the filled manifest, as it is in the zip */
  readonly manifest: Record<string, unknown>;
  /** the zip's entries, in order */
  readonly files: readonly string[];
}

/** Every reason the package was not written, one line each. */
export class PackageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PackageError';
  }
}

/** KEY=VALUE lines as the toolkit's dotenv reads them: `#` comments, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2];
    const quoted = /^(['"`])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '').trim();
    values[match[1]] = value;
  }
  return values;
}

/** Builds and checks the package; throws PackageError listing every problem found. */
export async function buildAppPackage(options: PackageOptions): Promise<BuiltPackage> {
  const root = options.root ?? ROOT;
  const pkgDir = join(root, 'appPackage');
  const envDir = options.envDir ?? join(root, 'env');
  const outDir = options.outDir ?? join(pkgDir, 'build');
  /** paths in the project as the README writes them; others in full */
  const show = (file: string) => {
    const inProject = relative(root, file);
    return inProject === '' || inProject.startsWith('..') || isAbsolute(inProject) ? file : inProject;
  };
  if (!ENV_NAME.test(options.envName)) {
    throw new PackageError([`environment name "${options.envName}": letters, digits, - and _ only (like dev or prod)`]);
  }

  const envFile = join(envDir, `.env.${options.envName}`);
  const userFile = `${envFile}.user`;
  const problems: string[] = [];
  if (!existsSync(envFile)) problems.push(`${show(envFile)} not found: it gives the values of the \${{…}} placeholders in appPackage/`);
  const values: Record<string, string | undefined> = {
    ...(existsSync(envFile) ? parseEnvFile(readFileSync(envFile, 'utf8')) : {}),
    ...(existsSync(userFile) ? parseEnvFile(readFileSync(userFile, 'utf8')) : {}),
    ...(options.processEnv ?? process.env),
  };

  const fill = (file: string): string => {
    const text = readFileSync(file, 'utf8');
    const missing = new Set<string>();
    const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
      const value = values[name];
      if (value === undefined || value.trim() === '') {
        missing.add(name);
        return whole;
      }
      return JSON.stringify(value).slice(1, -1);
    });
    for (const name of missing) {
      problems.push(`${show(file)}: \${{${name}}} has no value: set ${name} in ${show(envFile)} (or ${show(userFile)}, or the environment)`);
    }
    return filled;
  };

  const manifestFile = join(pkgDir, 'manifest.json');
  const manifestText = fill(manifestFile);
  const manifest = JSON.parse(manifestText) as Record<string, unknown> & ManifestShape;
  const localizations = (manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.file);
  if (manifest.localizationInfo?.defaultLanguageFile) localizations.push(manifest.localizationInfo.defaultLanguageFile);
  const localized = new Map<string, string>();
  for (const file of [...new Set(localizations)]) {
    if (existsSync(join(pkgDir, file))) localized.set(file, fill(join(pkgDir, file)));
    else problems.push(`appPackage/${file}: named in manifest.json (localizationInfo) but not found`);
  }
  if (problems.length > 0) throw new PackageError(problems);

  const schemaDir = join(dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json')), 'build/json-schemas/teams', `v${manifest.manifestVersion}`);
  if (!existsSync(join(schemaDir, 'MicrosoftTeams.schema.json'))) {
    throw new PackageError([`appPackage/manifest.json: manifestVersion ${String(manifest.manifestVersion)} has no bundled schema in @microsoft/app-manifest`]);
  }
  const schema = (name: string) => JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as JSONSchemaType<AppManifest>;
  for (const error of await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema('MicrosoftTeams.schema.json'))) {
    problems.push(`appPackage/manifest.json (filled from ${show(envFile)}): ${error}`);
  }
  const localizationSchema = unicodeSafeSchema(schema('MicrosoftTeams.Localization.schema.json'));
  for (const [file, text] of localized) {
    for (const error of await AppManifestUtils.validateAgainstSchema(JSON.parse(text) as AppManifest, localizationSchema)) {
      problems.push(`appPackage/${file}: ${error}`);
    }
  }

  const icons: Array<[string, Buffer]> = [];
  for (const kind of ['color', 'outline'] as const) {
    const file = manifest.icons?.[kind];
    if (!file || !existsSync(join(pkgDir, file))) {
      problems.push(`appPackage/${file ?? `<icons.${kind}>`}: the ${kind} icon named in manifest.json is missing`);
      continue;
    }
    const bytes = readFileSync(join(pkgDir, file));
    problems.push(...iconProblems(`appPackage/${file}`, bytes, ICONS[kind].size, ICONS[kind].transparent));
    icons.push([file, bytes]);
  }
  if (problems.length > 0) throw new PackageError(problems);

  const entries: Array<[string, Buffer]> = [
    ['manifest.json', Buffer.from(manifestText, 'utf8')],
    ...[...localized].map(([file, text]): [string, Buffer] => [file, Buffer.from(text, 'utf8')]),
    ...icons,
  ];
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `guichet-${options.envName}.zip`);
  writeFileSync(zipPath, zip(entries));
  return { zipPath, manifest, files: entries.map(([name]) => name) };
}

interface ManifestShape {
  manifestVersion?: string;
  icons?: { color?: string; outline?: string };
  localizationInfo?: { defaultLanguageFile?: string; additionalLanguages?: Array<{ file: string }> };
}

/** Size and transparency from the PNG header (IHDR, and a tRNS chunk for palette images). */
function iconProblems(name: string, png: Buffer, size: number, transparent: boolean): string[] {
  if (png.length < 33 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('ascii', 12, 16) !== 'IHDR') {
    return [`${name}: not a PNG file`];
  }
  const problems: string[] = [];
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (width !== size || height !== size) problems.push(`${name}: ${width}x${height} pixels, Teams wants ${size}x${size}`);
  if (transparent) {
    const colorType = png[25];
    const hasAlpha = colorType === 4 || colorType === 6 || png.includes(Buffer.from('tRNS', 'ascii'));
    if (!hasAlpha) problems.push(`${name}: no transparency, Teams wants a white outline on a transparent background`);
  }
  return problems;
}

/**
 * Ajv compiles patterns with the `u` flag, where a lone `]` is a syntax error; the bundled
 * localization schema has one (in `activities` keys, unused here): escape it in a copy.
 */
function unicodeSafePattern(pattern: string): string {
  try {
    new RegExp(pattern, 'u');
    return pattern;
  } catch {
    let out = '';
    let inClass = false;
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i];
      if (ch === '\\') {
        out += ch + (pattern[i + 1] ?? '');
        i++;
      } else if (ch === '[' && !inClass) {
        inClass = true;
        out += ch;
      } else if (ch === ']') {
        out += inClass ? ch : '\\]';
        inClass = false;
      } else out += ch;
    }
    return out;
  }
}
export function unicodeSafeSchema<T>(node: T): T {
  if (Array.isArray(node)) return node.map(unicodeSafeSchema) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern' && typeof value === 'string') out[key] = unicodeSafePattern(value);
    else if (key === 'patternProperties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([p, sub]) => [unicodeSafePattern(p), unicodeSafeSchema(sub)]));
    } else out[key] = unicodeSafeSchema(value);
  }
  return out as T;
}

/**
 * A plain zip (deflate, no extra fields, fixed 1980-01-01 dates so the same inputs give the
 * same bytes): all the Teams package needs, without a dependency.
 */
export function zip(entries: ReadonlyArray<readonly [string, Buffer]>): Buffer {
  const DOS_DATE = (1 << 5) | 1; // 1980-01-01: day 1, month 1, year 0 from 1980
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, body);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** `--env prod`, `--env=prod` or `prod`; `dev` when none is given. */
export function envNameFromArgs(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--env' || arg === '-e') return args[i + 1] ?? '';
    if (arg.startsWith('--env=')) return arg.slice('--env='.length);
    if (!arg.startsWith('-')) return arg;
  }
  return 'dev';
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isEntryPoint) {
  const envName = envNameFromArgs(process.argv.slice(2));
  buildAppPackage({ envName })
    .then((built) => {
      console.log(`Teams app package: ${relative(process.cwd(), built.zipPath)} (${built.files.join(', ')})`);
    })
    .catch((error: unknown) => {
      if (!(error instanceof PackageError)) throw error;
      console.error(`npm run package: no package for the "${envName}" environment:`);
      for (const problem of error.problems) console.error(`  - ${problem}`);
      process.exitCode = 1;
    });
}
