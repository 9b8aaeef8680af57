import { type ChildProcess, spawn } from 'node:child_process';
import { type LogSink, lineSplitter } from './log.ts';

/** Options of {@link startChild}. */
export interface ChildOptions {
  piece: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  sink: LogSink;
  /** Drop lines that match (noise such as banners). */
  ignore?: RegExp;
}

/** A child process the stack started (in its own process group). */
export interface RunningChild {
  pid: number;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
  /** Whether it is still running. */
  running(): boolean;
  /** SIGTERM to its process group, SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Detached: the child leads its own group, so this reaches its own children (workerd, the
    // emulator's Java-less node workers) and nothing else.
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Spawns a long-running tool (wrangler dev, the Firebase CLI) in its own process group, with
 * every output line sent to the sink under the piece's name. If the stack's process exits
 * without stopping it, the group is killed on the way out (`process.exit`, a crash) or by its
 * watchdog within a second (the stack's process was killed outright).
 */
export function startChild(options: ChildOptions): RunningChild {
  // The watchdog leads the group and ends it if this process dies without stopping it.
  const watchdog = new URL('./watchdog.mjs', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [watchdog, String(process.pid), options.command, ...options.args],
    {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (child.pid === undefined)
    throw new Error(`${options.piece}: could not start ${options.command}`);
  live.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of live) killGroup(c, 'SIGKILL');
    });
  }
  const sink: LogSink = options.ignore
    ? (piece, line) => {
        if (!options.ignore?.test(line)) options.sink(piece, line);
      }
    : options.sink;
  const out = lineSplitter(sink, options.piece);
  const err = lineSplitter(sink, options.piece);
  child.stdout?.on('data', (chunk: Buffer) => out.write(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.write(chunk));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      out.flush();
      err.flush();
      live.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => {
      options.sink(options.piece, `could not run ${options.command}: ${error.message}`);
      live.delete(child);
      resolve('spawn-error');
    });
  });
  const pid = child.pid;
  return {
    pid,
    exited,
    running: () => live.has(child),
    async stop(graceMs = 5000) {
      if (!live.has(child)) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Grandchildren that outlived the leader (workerd) go with the group: the group id stays
      // reserved while any member lives, so this cannot reach anyone else.
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // the group is empty
      }
    },
  };
}
