#!/usr/bin/env node
// `npx tierwatch <command>`: runs the built CLI (npm run build first).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(entry)) {
  console.error('tierwatch is not built yet: run `npm run build` in the repository first.');
  process.exit(1);
}
// The development secret `npm run demo` generated (variables already set win).
const local = join(root, '.env.local');
if (existsSync(local)) process.loadEnvFile(local);
require(entry);
