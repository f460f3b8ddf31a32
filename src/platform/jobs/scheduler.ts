import type { Logger } from '../log.ts';

export interface Scheduler {
  /** Runs `fn` every `ms` milliseconds; a run never overlaps the previous one of the same job. */
  every(name: string, ms: number, fn: () => Promise<unknown>): void;
  stopAll(): Promise<void>;
}

/** In-process jobs for `motcua serve` (several processes are fine: the jobs themselves are safe to repeat). */
export function createScheduler(logger: Logger): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  return {
    every(name, ms, fn) {
      let busy = false;
      const timer = setInterval(() => {
        if (busy || stopped) return;
        busy = true;
        const run = fn()
          .catch((err) => logger.error({ err, job: name }, 'scheduled job failed'))
          .finally(() => {
            busy = false;
            running.delete(run);
          });
        running.add(run);
      }, ms);
      timer.unref();
      timers.push(timer);
    },
    async stopAll() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all(running);
    },
  };
}
