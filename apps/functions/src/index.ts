// The deployable entry: only re-exports the functions (triggers, task queue, schedules).
export {};
