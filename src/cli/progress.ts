import { SingleBar } from 'cli-progress';

/**
 * A progress bar on stderr for work that takes more than a second, and only on a terminal:
 * pipes and CI logs get no control characters.
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let bar: SingleBar | undefined;
  return {
    update(done: number, total: number) {
      if (!stream.isTTY) return;
      if (!bar) {
        if (Date.now() - started < 1000) return;
        bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {eta_formatted} left`, stream, hideCursor: true, clearOnComplete: true });
        bar.start(total, done);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
