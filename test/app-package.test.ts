// Checks the Teams app package (appPackage/) offline: manifest and French
// localization against the JSON schemas bundled in @microsoft/app-manifest,
// icon sizes and transparency, and French counterparts for every bot command.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import type { JSONSchemaType } from 'ajv';
import { describe, expect, it } from 'vitest';
import { unicodeSafeSchema } from '../scripts/package-app.js';
import { CREATE_TICKET_COMMAND } from '../src/bot/message-action.schemas.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PKG = join(ROOT, 'appPackage');
const require = createRequire(import.meta.url);

// Sample values substituted for the Teams Toolkit placeholders, as the toolkit
// does from env/.env.<name> before validating and zipping the package.
const SAMPLE_ENV: Record<string, string> = {
  TEAMS_APP_ID: '00000000-0000-4000-8000-000000000001',
  BOT_ID: '00000000-0000-4000-8000-000000000002',
  BOT_DOMAIN: 'guichet-bot.example.com',
};

function substitute(text: string): string {
  return text.replace(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = SAMPLE_ENV[name];
    if (value === undefined) throw new Error(`no sample value for placeholder ${whole}`);
    return value;
  });
}

const rawManifestText = readFileSync(join(PKG, 'manifest.json'), 'utf8');
const rawManifest = JSON.parse(rawManifestText);
const manifest = JSON.parse(substitute(rawManifestText));
const schemaDir = join(
  dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build/json-schemas/teams',
  `v${manifest.manifestVersion}`,
);

function loadSchema(file: string): JSONSchemaType<AppManifest> {
  return JSON.parse(readFileSync(join(schemaDir, file), 'utf8'));
}

type Command = { title: string; description: string };
function commandPaths(m: typeof manifest): Array<{ key: string; command: Command }> {
  const out: Array<{ key: string; command: Command }> = [];
  (m.bots ?? []).forEach((bot: { commandLists?: Array<{ commands: Command[] }> }, b: number) => {
    (bot.commandLists ?? []).forEach((list, l) => {
      list.commands.forEach((command, c) => {
        out.push({ key: `bots[${b}].commandLists[${l}].commands[${c}]`, command });
      });
    });
  });
  return out;
}

/** The message extension's commands, keyed as the localization file names them. */
function extensionCommandPaths(m: typeof manifest): Array<{ key: string; command: Command }> {
  return (m.composeExtensions ?? []).flatMap((extension: { commands?: Command[] }, e: number) =>
    (extension.commands ?? []).map((command, c) => ({ key: `composeExtensions[${e}].commands[${c}]`, command })),
  );
}

// ---------- minimal PNG reader ----------
type Png = { width: number; height: number; bitDepth: number; colorType: number; pixels?: Buffer };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function readPng(file: string): Png {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8).equals(PNG_SIGNATURE), `${file} is not a PNG`).toBe(true);
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  const png: Png = {
    width: buf.readUInt32BE(16),
    height: buf.readUInt32BE(20),
    bitDepth: buf[24],
    colorType: buf[25],
  };
  if (png.colorType !== 6 || png.bitDepth !== 8 || buf[28] !== 0) return png; // only decode 8-bit RGBA, non-interlaced
  const idat: Buffer[] = [];
  for (let o = 8; o < buf.length; ) {
    const len = buf.readUInt32BE(o);
    if (buf.toString('ascii', o + 4, o + 8) === 'IDAT') idat.push(buf.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = 4;
  const stride = png.width * bpp;
  const pixels = Buffer.alloc(stride * png.height);
  for (let y = 0; y < png.height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= bpp ? pixels[y * stride + x - bpp] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? pixels[(y - 1) * stride + x - bpp] : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter}`);
      pixels[y * stride + x] = (v + pred) & 0xff;
    }
  }
  png.pixels = pixels;
  return png;
}

describe('Teams app package', () => {
  it('uses a stable bundled schema version and Teams Toolkit placeholders', () => {
    expect(existsSync(join(schemaDir, 'MicrosoftTeams.schema.json'))).toBe(true);
    expect(manifest.manifestVersion).toMatch(/^1\.\d+$/);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(rawManifest.id).toBe('${{TEAMS_APP_ID}}');
    expect(rawManifest.bots.map((b: { botId: string }) => b.botId)).toEqual(['${{BOT_ID}}']);
    // After substitution no placeholder may be left (an unknown one throws in substitute()).
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('manifest.json validates against the bundled Teams schema', async () => {
    const errors = await AppManifestUtils.validateAgainstSchema(manifest, loadSchema('MicrosoftTeams.schema.json'));
    expect(errors).toEqual([]);
  });

  it('describes the Guichet bot in personal, team and group chat scopes', () => {
    expect(manifest.name).toEqual({ short: 'Guichet', full: 'Guichet – IT helpdesk in Teams' });
    expect(manifest.bots).toHaveLength(1);
    expect([...manifest.bots[0].scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    const titles = commandPaths(manifest).map((p) => p.command.title);
    expect(titles).toEqual(expect.arrayContaining(['help', 'my tickets', 'new ticket']));
    for (const url of Object.values(manifest.developer).filter((v) => typeof v === 'string' && v.includes('://'))) {
      expect(url).toMatch(/^https:\/\/[^\s${}]+$/);
    }
  });

  it('offers « Create ticket » on any message: one action command of the bot, opening a dialog the bot fills', () => {
    expect(rawManifest.composeExtensions.map((e: { botId: string }) => e.botId)).toEqual(['${{BOT_ID}}']);
    expect(manifest.composeExtensions[0].commands).toEqual([
      {
        id: CREATE_TICKET_COMMAND,
        type: 'action',
        context: ['message'],
        title: 'Create ticket',
        description: 'Open an IT ticket from this message',
        fetchTask: true,
      },
    ]);
  });

  it('every file the manifest references is in appPackage/', () => {
    const files = [
      manifest.icons.color,
      manifest.icons.outline,
      ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l: { file: string }) => l.file),
    ];
    if (manifest.localizationInfo?.defaultLanguageFile) files.push(manifest.localizationInfo.defaultLanguageFile);
    for (const f of files) expect(existsSync(join(PKG, f)), `missing appPackage/${f}`).toBe(true);
  });

  describe('French localization', () => {
    const languages: Array<{ languageTag: string; file: string }> =
      manifest.localizationInfo?.additionalLanguages ?? [];
    const frFile = languages.find((l) => l.languageTag.toLowerCase() === 'fr-fr')?.file;
    const fr: Record<string, string> = frFile
      ? JSON.parse(substitute(readFileSync(join(PKG, frFile), 'utf8')))
      : {};

    it('English is the default language and fr-fr points to fr.json', () => {
      expect(manifest.localizationInfo.defaultLanguageTag.toLowerCase()).toMatch(/^en(-|$)/);
      expect(frFile).toBe('fr.json');
    });

    it('fr.json validates against the bundled localization schema', async () => {
      const errors = await AppManifestUtils.validateAgainstSchema(
        fr as unknown as AppManifest,
        unicodeSafeSchema(loadSchema('MicrosoftTeams.Localization.schema.json')),
      );
      expect(errors).toEqual([]);
    });

    it('translates the name and descriptions', () => {
      for (const key of ['name.short', 'name.full', 'description.short', 'description.full']) {
        expect(fr[key], key).toEqual(expect.any(String));
        expect(fr[key].trim(), key).not.toBe('');
      }
      expect(fr['name.full']).not.toBe(manifest.name.full);
      expect(fr['description.full']).not.toBe(manifest.description.full);
    });

    it('every command title and description has a French counterpart', () => {
      const commands = commandPaths(manifest);
      expect(commands.length).toBeGreaterThan(0);
      for (const { key, command } of commands) {
        expect(fr[`${key}.title`], `${key}.title (${command.title})`).toEqual(expect.any(String));
        expect(fr[`${key}.title`], `${key}.title`).not.toBe(command.title);
        expect(fr[`${key}.description`], `${key}.description`).toEqual(expect.any(String));
      }
      const frTitles = commands.map(({ key }) => fr[`${key}.title`]);
      expect(frTitles).toEqual(expect.arrayContaining(['aide', 'mes tickets', 'nouveau ticket']));
    });

    it('the message action reads « Créer un ticket » in French', () => {
      const commands = extensionCommandPaths(manifest);
      expect(commands.map(({ key }) => [fr[`${key}.title`], fr[`${key}.description`]])).toEqual([
        ['Créer un ticket', 'Ouvrir un ticket de support informatique à partir de ce message'],
      ]);
    });

    it('fr.json has no key pointing at a command that does not exist', () => {
      const known = new Set(
        [...commandPaths(manifest), ...extensionCommandPaths(manifest)].flatMap(({ key }) => [`${key}.title`, `${key}.description`]),
      );
      for (const key of Object.keys(fr).filter((k) => k.startsWith('bots[') || k.startsWith('composeExtensions['))) {
        expect(known.has(key), `fr.json key ${key} matches no command in manifest.json`).toBe(true);
      }
    });
  });

  describe('icons', () => {
    it('color icon is a 192x192 PNG', () => {
      const png = readPng(join(PKG, manifest.icons.color));
      expect([png.width, png.height]).toEqual([192, 192]);
    });

    it('outline icon is a 32x32 RGBA PNG, white on a transparent background', () => {
      const png = readPng(join(PKG, manifest.icons.outline));
      expect([png.width, png.height]).toEqual([32, 32]);
      expect(png.colorType).toBe(6); // truecolour + alpha
      expect(png.bitDepth).toBe(8);
      const px = png.pixels!;
      let transparent = 0;
      let opaque = 0;
      for (let i = 0; i < px.length; i += 4) {
        const alpha = px[i + 3];
        if (alpha === 0) transparent++;
        else {
          if (alpha === 255) opaque++;
          expect([px[i], px[i + 1], px[i + 2]], `non-white pixel ${i / 4}`).toEqual([255, 255, 255]);
        }
      }
      expect(transparent).toBeGreaterThan(32 * 32 * 0.3); // mostly background
      expect(opaque).toBeGreaterThan(32 * 4); // and a visible glyph
    });
  });
});
