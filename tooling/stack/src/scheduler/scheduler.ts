import { nextRun, parseSchedule, type Schedule } from './cron.ts';

/** One scheduled job: a deployed schedule function's handler and its declared schedule. */
export interface Job {
  name: string;
  schedule: string;
  timeZone: string;
  run(): Promise<unknown>;
}

/** A job's state, for the local status page. */
export interface JobState {
  name: string;
  schedule: string;
  timeZone: string;
  nextAt: string | null;
  lastAt: string | null;
  lastResult: 'ok' | 'error' | 'skipped (still running)' | null;
  runs: number;
}

/** A running scheduler. */
export interface Scheduler {
  /** Runs a job now (the local stack's `POST /_schedules/<name>` and the demo). */
  runNow(name: string): Promise<unknown>;
  jobs(): JobState[];
  stop(): void;
}

// setTimeout cannot wait longer than ~24.8 days; longer waits are chained.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls each job's handler on its schedule, like Cloud Scheduler calling a scheduled
 * function. A run that is still going when the next one is due is skipped (Cloud Scheduler
 * would not start a second attempt of a running job either).
 */
export function startScheduler(
  jobs: Job[],
  options: { log(line: string): void; clock?: () => Date },
): Scheduler {
  const clock = options.clock ?? (() => new Date());
  const states = new Map<
    string,
    JobState & { parsed: Schedule; timer: NodeJS.Timeout | null; busy: boolean }
  >();
  let stopped = false;

  const execute = async (name: string): Promise<unknown> => {
    const state = states.get(name);
    if (!state) throw new Error(`no schedule named ${name}`);
    const job = jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no schedule named ${name}`);
    if (state.busy) {
      state.lastResult = 'skipped (still running)';
      options.log(`${name}: previous run still going, skipped`);
      return null;
    }
    state.busy = true;
    state.lastAt = clock().toISOString();
    state.runs += 1;
    const started = Date.now();
    try {
      const result = await job.run();
      state.lastResult = 'ok';
      options.log(`${name}: done in ${Date.now() - started} ms${summarise(result)}`);
      return result;
    } catch (error) {
      state.lastResult = 'error';
      options.log(`${name}: failed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    } finally {
      state.busy = false;
    }
  };

  const arm = (name: string) => {
    const state = states.get(name);
    if (!state || stopped) return;
    const at = nextRun(state.parsed, clock());
    state.nextAt = at.toISOString();
    const wait = () => {
      const delay = at.getTime() - clock().getTime();
      state.timer = setTimeout(
        () => {
          if (at.getTime() > clock().getTime()) return wait();
          execute(name)
            .catch(() => {})
            .finally(() => arm(name));
        },
        Math.min(Math.max(0, delay), MAX_TIMER_MS),
      );
      state.timer.unref();
    };
    wait();
  };

  for (const job of jobs) {
    states.set(job.name, {
      name: job.name,
      schedule: job.schedule,
      timeZone: job.timeZone,
      nextAt: null,
      lastAt: null,
      lastResult: null,
      runs: 0,
      parsed: parseSchedule(job.schedule, job.timeZone),
      timer: null,
      busy: false,
    });
    arm(job.name);
  }

  return {
    runNow: execute,
    jobs: () =>
      [...states.values()].map(({ parsed: _p, timer: _t, busy: _b, ...rest }) => ({ ...rest })),
    stop() {
      stopped = true;
      for (const state of states.values()) if (state.timer) clearTimeout(state.timer);
    },
  };
}

function summarise(result: unknown): string {
  if (!result || typeof result !== 'object') return '';
  const entries = Object.entries(result as Record<string, unknown>).filter(
    ([, v]) => typeof v === 'number' || typeof v === 'string',
  );
  return entries.length > 0 ? ` (${entries.map(([k, v]) => `${k} ${v}`).join(', ')})` : '';
}
