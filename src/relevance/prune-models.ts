import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ModelVersionRecord } from '../db/repositories/models.js';
import { holdTrainingLease, isLeaseName, leaseIsLive } from './training-lease.js';

export const DEFAULT_MODEL_KEEP = 3;

/** The registry rows pruning reads; rows are never changed (a pruned version's bundle stays). */
export interface VersionList {
  list(): Promise<Pick<ModelVersionRecord, 'id' | 'status' | 'artifactDir'>[]>;
}

export interface PruneOptions {
  /** `<dataDir>/models`: nothing outside it is ever removed. */
  artifactsRoot: string;
  /** How many READY or RETIRED versions (those a rollback could pick), newest first, keep their folders besides the ACTIVE one. */
  keep: number;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

export interface PruneReport {
  removed: { name: string; bytes: number; reason: string }[];
  bytes: number;
  /** Folders left alone that a reader might expect gone, and why. */
  skipped: { name: string; reason: string }[];
}

/** An unpack renames its temporary folder into place within seconds; one this old was interrupted. */
const UNPACK_ABANDONED_MS = 30 * 60_000;
/** `unpackArtifacts` stages `<root>/version-<id>` in an mkdtemp sibling `.version-<id>-XXXXXX`. */
const UNPACK_STAGING = /^\.version-\d+-[A-Za-z0-9]{6}$/;
const UNPACKED = /^version-(\d+)$/;
/** train-job.ts names a run's folder after its snapshot time. */
const TRAINED = /^model-/;

type Verdict = { remove: true; reason: string } | { remove: false; reason?: string };

interface Facts {
  root: string;
  kept: Set<number>;
  known: Map<number, Pick<ModelVersionRecord, 'id' | 'status'>>;
  /** Folder name → the versions registered with it (several may share one), for folders in this root. */
  trained: Map<string, Pick<ModelVersionRecord, 'id' | 'status'>[]>;
  /** Some run, here or in another process, may still be writing an unregistered folder. */
  training: boolean;
  /** Lease folder name → held by a live run. */
  leases: Map<string, boolean>;
  now: number;
}

/**
 * Removes the folders under the models root that no longer serve: those of versions neither
 * ACTIVE nor among the `keep` most recent READY/RETIRED ones (REJECTED ones never count),
 * unpacked `version-<id>` copies of such versions, folders of runs that never registered (failed
 * or cancelled) unless a run holds a lease, and interrupted unpacks. A removed version unpacks
 * again from its bundle if it is activated later (model-files.ts). Symbolic links and names it
 * does not recognise are left alone; deletion never leaves the root.
 */
export async function pruneModelFolders(models: VersionList, options: PruneOptions): Promise<PruneReport> {
  const report: PruneReport = { removed: [], bytes: 0, skipped: [] };
  const root = await realpath(options.artifactsRoot).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!root) return report;
  // Listing first, leases next, registry last: a run that registered and released its lease after
  // the listing is then seen as registered, and one that starts later made no listed folder.
  const entries = await readdir(root, { withFileTypes: true });
  const leases = new Map<string, boolean>();
  for (const entry of entries) if (entry.isDirectory() && isLeaseName(entry.name)) leases.set(entry.name, await leaseIsLive(root, entry.name));
  const versions = await models.list();
  const roots = new Set([root, path.resolve(options.artifactsRoot)]);
  const facts: Facts = {
    root,
    kept: keptVersions(versions, options.keep),
    known: new Map(versions.map((v) => [v.id, v])),
    trained: foldersIn(roots, versions),
    training: [...leases.values()].some(Boolean),
    leases,
    now: Date.now(),
  };
  for (const entry of entries) {
    try {
      const verdict = await judge(entry, facts);
      if (!verdict.remove) {
        if (verdict.reason) report.skipped.push({ name: entry.name, reason: verdict.reason });
        continue;
      }
      const bytes = await removeInside(root, entry.name);
      report.removed.push({ name: entry.name, bytes, reason: verdict.reason });
      report.bytes += bytes;
    } catch (error) {
      // Gone since the listing (an unpack renamed into place, another prune): nothing to do.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      report.skipped.push({ name: entry.name, reason: `not removed: ${(error as Error).message}` });
    }
  }
  return report;
}

/** Prunes and logs what went; a failure is logged, never thrown: clean-up must not fail a start-up or a job. */
export async function pruneModelsAndLog(models: VersionList, options: PruneOptions): Promise<void> {
  try {
    const report = await pruneModelFolders(models, options);
    if (report.removed.length) {
      options.log?.('pruned model folders', { removed: report.removed.length, bytes: report.bytes, folders: report.removed.map((r) => r.name) });
    }
  } catch (error) {
    options.log?.('could not prune model folders', { root: options.artifactsRoot, error: (error as Error).message });
  }
}

/** Runs a training job under a lease, then prunes, whether the job succeeded or failed. */
export async function trainThenPrune<T>(models: VersionList, options: PruneOptions, train: () => Promise<T>): Promise<T> {
  const release = await holdTrainingLease(options.artifactsRoot);
  try {
    return await train();
  } finally {
    await release();
    await pruneModelsAndLog(models, options);
  }
}

export function describePrune(report: PruneReport): string {
  const lines = [`removed ${report.removed.length} model folder(s), ${(report.bytes / 1e6).toFixed(1)} MB`];
  for (const r of report.removed) lines.push(`  - ${r.name}: ${r.reason}`);
  for (const s of report.skipped) lines.push(`  kept ${s.name}: ${s.reason}`);
  return lines.join('\n');
}

function foldersIn(roots: ReadonlySet<string>, versions: readonly Pick<ModelVersionRecord, 'id' | 'status' | 'artifactDir'>[]): Facts['trained'] {
  const folders: Facts['trained'] = new Map();
  for (const v of versions) {
    const dir = path.resolve(v.artifactDir);
    if (!roots.has(path.dirname(dir))) continue;
    const name = path.basename(dir);
    folders.set(name, [...(folders.get(name) ?? []), v]);
  }
  return folders;
}

function keptVersions(versions: readonly Pick<ModelVersionRecord, 'id' | 'status'>[], keep: number): Set<number> {
  const rollbackable = versions.filter((v) => v.status === 'READY' || v.status === 'RETIRED').sort((a, b) => b.id - a.id);
  return new Set([...versions.filter((v) => v.status === 'ACTIVE'), ...rollbackable.slice(0, keep)].map((v) => v.id));
}

async function judge(entry: Dirent, facts: Facts): Promise<Verdict> {
  if (entry.isSymbolicLink()) return { remove: false, reason: 'a symbolic link: never followed nor removed' };
  if (!entry.isDirectory()) return { remove: false };
  const leaseLive = facts.leases.get(entry.name);
  if (leaseLive !== undefined) return leaseLive ? { remove: false } : { remove: true, reason: 'the lease of a training run that ended without releasing it' };
  const trained = facts.trained.get(entry.name);
  if (trained) return versionVerdict(trained, facts);
  const unpacked = UNPACKED.exec(entry.name);
  if (unpacked) {
    const version = facts.known.get(Number(unpacked[1]));
    // A leftover of an earlier database: a new version with the same id must not load it.
    return version ? versionVerdict([version], facts) : { remove: true, reason: 'an unpacked version the database does not know' };
  }
  if (UNPACK_STAGING.test(entry.name)) {
    return facts.now - (await newestChange(path.join(facts.root, entry.name))) > UNPACK_ABANDONED_MS
      ? { remove: true, reason: 'an interrupted unpack' }
      : { remove: false, reason: 'an unpack may be under way' };
  }
  if (TRAINED.test(entry.name)) {
    return facts.training
      ? { remove: false, reason: 'never registered, but a training run is under way and may be writing it' }
      : { remove: true, reason: 'never registered: its run failed or was cancelled' };
  }
  return { remove: false, reason: 'not a folder vitrine writes' };
}

function versionVerdict(versions: readonly Pick<ModelVersionRecord, 'id' | 'status'>[], facts: Facts): Verdict {
  if (versions.some((v) => facts.kept.has(v.id))) return { remove: false };
  return { remove: true, reason: `${versions.map((v) => `version ${v.id} (${v.status})`).join(', ')} not kept` };
}

/**
 * Deletes `root/name`, checked again just before: still a real folder (not a symbolic link
 * swapped in since the listing) directly inside the resolved root. `rm` removes links found
 * inside it without following them. Resolves with the bytes freed.
 */
async function removeInside(root: string, name: string): Promise<number> {
  const target = path.join(root, name);
  if (path.dirname(target) !== root) throw new Error('outside the models folder');
  const info = await lstat(target);
  if (!info.isDirectory()) throw new Error('no longer a folder');
  const bytes = await sizeOf(target);
  await rm(target, { recursive: true, force: true });
  return bytes;
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await sizeOf(full) : (await lstat(full)).size;
  }
  return total;
}

async function newestChange(dir: string): Promise<number> {
  const names = await readdir(dir);
  const times = await Promise.all([dir, ...names.map((name) => path.join(dir, name))].map(async (p) => (await lstat(p)).mtimeMs));
  return Math.max(...times);
}
