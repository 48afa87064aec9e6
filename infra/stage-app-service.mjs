#!/usr/bin/env node
// Lays out what the App Service runs, in the folder given (m365agents.yml's deploy passes
// ./.deployment/app): the built dist/, the admin's config/, and package*.json + .npmrc for the
// `npm ci --omit=dev` that follows there. The sources, tests and dev dependencies stay behind.
// Usage: npm run build && node infra/stage-app-service.mjs <folder>
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(process.argv[2] ?? join(root, '.deployment', 'app'));
const entries = ['dist', 'config', 'package.json', 'package-lock.json', '.npmrc'];

if (!existsSync(join(root, 'dist', 'src', 'index.js'))) {
  console.error('stage-app-service: dist/src/index.js is missing: run `npm run build` first');
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
for (const entry of entries) {
  if (existsSync(join(root, entry))) cpSync(join(root, entry), join(target, entry), { recursive: true });
}
console.log(`stage-app-service: ${entries.join(', ')} copied to ${target}`);
