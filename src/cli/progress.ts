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

/** Off a terminal, a progress line at most this often (a redrawn bar would flood the log). */
const LOG_LINE_INTERVAL_MS = 5_000;

/**
 * A terminal progress bar with rate and ETA on stderr. Off a terminal (CI logs, pipes) it prints
 * a plain line every few seconds instead, from the updates themselves: a timer would not fire
 * while synchronous work such as a training epoch holds the event loop.
 */
export const terminalProgress: ProgressFactory = (label, total, unit = 'items') =>
  process.stderr.isTTY ? progressBar(label, total, unit) : progressLines(label, total, unit);

function progressLines(label: string, total: number, unit: string): Progress {
  const started = Date.now();
  let value = 0;
  let lastLine = 0;
  const print = (fields: Record<string, string | number> = {}, force = false) => {
    const now = Date.now();
    if (!force && now - lastLine < LOG_LINE_INTERVAL_MS) return;
    lastLine = now;
    const seconds = Math.max((now - started) / 1000, 1e-3);
    const rate = value / seconds;
    const eta = rate > 0 && total > value ? Math.round((total - value) / rate) : 0;
    const extra = Object.entries(fields).map(([k, v]) => ` | ${k} ${v}`).join('');
    const percent = total > 0 ? Math.floor((100 * value) / total) : 100;
    process.stderr.write(`${label} ${percent}% | ${value}/${total} ${unit} | ${Math.round(rate).toLocaleString('en')}/s | ETA ${eta}s${extra}\n`);
  };
  return {
    increment(by = 1, fields) {
      value += by;
      print(fields);
    },
    update(next, fields) {
      value = next;
      print(fields);
    },
    setTotal(next) {
      total = next;
    },
    stop() {
      print({}, true);
    },
  };
}

function progressBar(label: string, total: number, unit: string): Progress {
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(14)} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}{extra}`,
      barsize: 24,
      hideCursor: true,
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
}

/** Progress bars for people, silence for tests and piped runs that ask for it. */
export function defaultProgress(): ProgressFactory {
  return process.env.VITRINE_PROGRESS === '0' ? silentProgress : terminalProgress;
}
