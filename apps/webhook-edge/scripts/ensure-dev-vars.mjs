#!/usr/bin/env node
// `pnpm dev` runs this first: a fresh clone gets a .dev.vars with the local placeholder values.
import { copyFileSync, existsSync } from 'node:fs';

const target = new URL('../.dev.vars', import.meta.url);
if (!existsSync(target)) {
  copyFileSync(new URL('../.dev.vars.example', import.meta.url), target);
  console.log('webhook-edge: created .dev.vars from .dev.vars.example');
}
