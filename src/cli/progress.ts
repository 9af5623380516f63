import cliProgress from 'cli-progress';

/** A unit of long work (seed, import, train, eval) reporting how far it has come. */
export interface Progress {
  increment(by?: number, fields?: Record<string, string | number>): void;
  update(value: number, fields?: Record<string, string | number>): void;
  setTotal(total: number): void;
  stop(): void;
}

export type ProgressFactory = (label: string, total: number, unit?: string) => Progress;

export const silentProgress: ProgressFactory = () => ({
  increment() {},
  update() {},
  setTotal() {},
  stop() {},
});

/**
 * A terminal progress bar with rate and ETA on stderr. Off a terminal (CI logs) it prints a
 * line every few seconds instead of redrawing, so logs stay readable.
 */
export const terminalProgress: ProgressFactory = (label, total, unit = 'items') => {
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(14)} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}{extra}`,
      barsize: 24,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      etaBuffer: 50,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let value = 0;
  const fieldsWithRate = (fields: Record<string, string | number> = {}) => {
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
    const extra = Object.entries(fields)
      .map(([k, v]) => ` | ${k} ${v}`)
      .join('');
    return { rate: Math.round(value / seconds).toLocaleString('en'), extra };
  };
  bar.start(total, 0, fieldsWithRate());
  return {
    increment(by = 1, fields) {
      value += by;
      bar.update(value, fieldsWithRate(fields));
    },
    update(next, fields) {
      value = next;
      bar.update(value, fieldsWithRate(fields));
    },
    setTotal(next) {
      bar.setTotal(next);
    },
    stop() {
      bar.stop();
    },
  };
};

/** Progress bars for people, silence for tests and piped runs that ask for it. */
export function defaultProgress(): ProgressFactory {
  return process.env.VITRINE_PROGRESS === '0' ? silentProgress : terminalProgress;
}
