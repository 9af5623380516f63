import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * A training run holds a lease in the models folder for as long as it may write there, so that a
 * prune in this or another process (a gateway beside `vitrine train` on PostgreSQL) leaves its
 * unregistered folder alone. A lease is a proper-lockfile lock whose mtime is refreshed every
 * minute; one not refreshed for half an hour belongs to a process that died.
 */
const LEASE_PREFIX = '.training-';
const LEASE_SUFFIX = '.lock';
const STALE_MS = 30 * 60_000;
const UPDATE_MS = 60_000;

/** Takes a new lease under `artifactsRoot` (created if missing); resolves with its release. */
export async function holdTrainingLease(artifactsRoot: string): Promise<() => Promise<void>> {
  await mkdir(artifactsRoot, { recursive: true });
  // proper-lockfile keeps one lock per path in a process: a path per run lets runs overlap.
  const release = await lockfile.lock(path.join(artifactsRoot, `${LEASE_PREFIX}${randomUUID()}`), {
    realpath: false,
    stale: STALE_MS,
    update: UPDATE_MS,
    // A training step that blocks the event loop past the threshold only makes the lease look
    // stale to others; it must not throw from a timer and take the process down.
    onCompromised: () => undefined,
  });
  // A compromised lease was already released (its folder possibly removed as stale).
  return () => release().catch(() => undefined);
}

export function isLeaseName(name: string): boolean {
  return name.startsWith(LEASE_PREFIX) && name.endsWith(LEASE_SUFFIX);
}

/** Whether the lease folder `name` under `root` is held by a live run. */
export async function leaseIsLive(root: string, name: string): Promise<boolean> {
  const file = path.join(root, name.slice(0, -LEASE_SUFFIX.length));
  return lockfile.check(file, { realpath: false, stale: STALE_MS }).catch(() => false);
}
