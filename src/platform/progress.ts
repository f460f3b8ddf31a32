import cliProgress from 'cli-progress';

export interface Progress {
  start(total: number, label: string): void;
  increment(by?: number): void;
  stop(): void;
}

/** A progress bar on a terminal; silent elsewhere (CI logs, tests). */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) {
    return { start() {}, increment() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {label} |{bar}| {percentage}% {value}/{total} {duration_formatted}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total, label) => bar.start(total, 0, { label }),
    increment: (by = 1) => bar.increment(by),
    stop: () => bar.stop(),
  };
}

export const silentProgress: Progress = { start() {}, increment() {}, stop() {} };
