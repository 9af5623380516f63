import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Secrets that could reach a log line through details passed by code (request logs leave
 * headers out altogether): replaced, whatever object they sit in.
 */
const REDACTED = ['authorization', 'token', 'password', 'secret', 'cookie', 'email'].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** Structured JSON logs on stdout (or `destination`); progress bars and CLI messages go to stderr. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'vitrine' }, redact: { paths: REDACTED, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
