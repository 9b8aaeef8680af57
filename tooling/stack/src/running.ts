import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { StackUrls } from './stack.ts';

/** What `pnpm dev` leaves on disk while it runs, for `pnpm demo` and `pnpm seed`. */
export interface RunningStack {
  pid: number;
  startedAt: string;
  projectId: string;
  embeddedFirestore: boolean;
  urls: StackUrls;
}

const FILE = new URL('../.state/running.json', import.meta.url).pathname;

export function writeRunning(info: RunningStack): void {
  mkdirSync(new URL('../.state/', import.meta.url).pathname, { recursive: true });
  writeFileSync(FILE, `${JSON.stringify(info, null, 2)}\n`);
}

export function removeRunning(): void {
  rmSync(FILE, { force: true });
}

/** The running stack, or null when none is (no file, or its process is gone). */
export function readRunning(): RunningStack | null {
  if (!existsSync(FILE)) return null;
  const info = JSON.parse(readFileSync(FILE, 'utf8')) as RunningStack;
  try {
    process.kill(info.pid, 0);
  } catch {
    return null;
  }
  return info;
}
