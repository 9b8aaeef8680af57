#!/usr/bin/env node
// Runs a command and ends it (its whole process group) when the stack's process goes away,
// even if that process was killed outright (SIGKILL, out of memory) and could not clean up.
// Usage: node watchdog.mjs <parent pid> <command> [args…]  — run as a process-group leader.
import { spawn } from 'node:child_process';

const [parentArg, command, ...args] = process.argv.slice(2);
const parent = Number(parentArg);
if (!command || !Number.isInteger(parent)) {
  console.error('usage: watchdog.mjs <parent pid> <command> [args…]');
  process.exit(2);
}
const child = spawn(command, args, { stdio: 'inherit' });
const endGroup = (signal) => {
  try {
    process.kill(-process.pid, signal);
  } catch {
    // already gone
  }
};
const alive = () => {
  try {
    process.kill(parent, 0);
    return true;
  } catch {
    return false;
  }
};
const timer = setInterval(() => {
  if (!alive()) {
    clearInterval(timer);
    endGroup('SIGTERM');
    setTimeout(() => endGroup('SIGKILL'), 3000).unref();
  }
}, 1000);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  clearInterval(timer);
  process.exit(code ?? (signal ? 128 : 1));
});
