import type { RequestHandler } from 'express';
import { sendError } from './error-response.js';

/**
 * A JSON array posted to /graphql is a batch of operations, each with its own cost limits; the
 * number of operations is capped here, before any of them is parsed.
 */
export function batchLimit(maxBatch: number, onRejected?: (code: string) => void): RequestHandler {
  return (req, res, next) => {
    if (!Array.isArray(req.body)) return next();
    const size = req.body.length;
    if (size === 0) {
      onRejected?.('BAD_REQUEST');
      return sendError(res, 400, 'BAD_REQUEST', `The batch is empty: send one operation, or an array of 1 to ${maxBatch} operations.`);
    }
    if (size > maxBatch) {
      onRejected?.('BATCH_TOO_LARGE');
      const message =
        maxBatch === 1
          ? 'Batching is disabled on this gateway (VITRINE_MAX_BATCH=1): send one operation per request.'
          : `The batch has ${size} operations; the limit is ${maxBatch}. Send several smaller batches.`;
      return sendError(res, 400, 'BATCH_TOO_LARGE', message, { size, maxBatch });
    }
    next();
  };
}
