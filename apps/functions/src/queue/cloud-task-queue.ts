import type { App } from 'firebase-admin/app';
import { getFunctions } from 'firebase-admin/functions';
import type { EnqueueOptions, TaskQueue } from './task-queue.ts';

/**
 * Enqueues tasks for a deployed `onTaskDispatched` function through Cloud Tasks
 * (`firebase-admin/functions`). An id already used is reported as `duplicate`, which is how a
 * redelivered trigger's second enqueue ends.
 */
export function cloudTaskQueue<T extends Record<string, unknown>>(
  functionName: string,
  region: string,
  app?: App,
): TaskQueue<T> {
  const queue = getFunctions(app).taskQueue<T>(`locations/${region}/functions/${functionName}`);
  return {
    async enqueue(data: T, options: EnqueueOptions = {}) {
      try {
        await queue.enqueue(data, {
          ...(options.id ? { id: options.id } : {}),
          ...(options.scheduleTime ? { scheduleTime: options.scheduleTime } : {}),
          dispatchDeadlineSeconds: 120,
        });
        return 'enqueued';
      } catch (error) {
        if ((error as { code?: string }).code === 'functions/task-already-exists')
          return 'duplicate';
        throw error;
      }
    },
  };
}
