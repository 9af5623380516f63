import type { Response } from 'express';

/** Answers outside Apollo (limits, rate limits, access) in GraphQL's error shape with a stable code. */
export function sendError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}
