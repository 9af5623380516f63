import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; progress bars and CLI messages go to stderr. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'vitrine' } });
}
