import { InputError } from '../errors.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { MergeCounts } from '../realtime/merge-shoppers.js';

/**
 * Folds one shopper's rows into another's in one transaction: interactions and impressions move,
 * experiment exposures move unless the known shopper already has one for that experiment (theirs
 * is kept: it is the assignment their pages were built with), and the folded shopper's row is
 * deleted. Unknown ids throw an InputError and nothing is written.
 */
export async function mergeShoppersInDatabase(prisma: PrismaClient, fromId: string, intoId: string): Promise<MergeCounts> {
  return prisma.$transaction(async (tx) => {
    // Locked in id order, so two merges over the same pair cannot deadlock.
    const found = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM users WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [fromId, intoId]);
    const known = new Set(found.map((r) => r.id));
    const problems = [];
    if (!known.has(fromId)) {
      problems.push({ field: 'fromId', message: `unknown shopper "${fromId}": it was never recorded, or was already merged into another shopper (a merge deletes it)` });
    }
    if (!known.has(intoId)) problems.push({ field: 'intoId', message: `unknown shopper "${intoId}"; the known shopper must exist (record an interaction for it or create it first)` });
    if (problems.length) throw new InputError(problems);

    const interactions = await tx.$executeRawUnsafe(`UPDATE interactions SET user_id = $2 WHERE user_id = $1`, fromId, intoId);
    // Counted in items shown, as the shopper saw them, not in the row slices they are stored as.
    const [{ impressions }] = await tx.$queryRawUnsafe<{ impressions: number }[]>(
      `WITH moved AS (UPDATE impressions SET user_id = $2 WHERE user_id = $1 RETURNING cardinality(product_ids) AS n)
       SELECT COALESCE(SUM(n), 0)::int AS impressions FROM moved`,
      fromId,
      intoId,
    );
    const droppedExposures = await tx.$executeRawUnsafe(
      `DELETE FROM experiment_exposures f WHERE f.user_id = $1
         AND EXISTS (SELECT 1 FROM experiment_exposures i WHERE i.user_id = $2 AND i.experiment_id = f.experiment_id)`,
      fromId,
      intoId,
    );
    const exposures = await tx.$executeRawUnsafe(`UPDATE experiment_exposures SET user_id = $2 WHERE user_id = $1`, fromId, intoId);
    await tx.$executeRawUnsafe(`DELETE FROM users WHERE id = $1`, fromId);
    return { interactions, impressions, exposures, droppedExposures };
  });
}
