import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { ModelVersionRecord } from '../db/repositories/models.js';
import { loadModel } from '../model/artifacts.js';
import { CorruptBundleError, unpackArtifacts } from '../model/bundle.js';
import type { TwoTowerModel } from '../model/towers.js';

export interface ModelFilesOptions {
  /** This gateway's own model folder (<dataDir>/models); without it only `artifactDir` is tried. */
  artifactsRoot?: string;
  /** The version's packed artifacts from the database. */
  bundle: (versionId: number) => Promise<Uint8Array | null>;
}

/**
 * Loads a version from the folder it was trained into when this machine has that folder, else
 * from `<artifactsRoot>/version-<id>`, unpacking the database's bundle there first if needed.
 * A folder that exists but holds broken files is not replaced: that is a fault to report
 * (degraded health), not a reason to serve a different copy.
 */
export async function loadVersionModel(version: ModelVersionRecord, options: ModelFilesOptions): Promise<TwoTowerModel> {
  if (!options.artifactsRoot || (await readableDir(version.artifactDir))) return loadModel(version.artifactDir);
  const local = path.join(options.artifactsRoot, `version-${version.id}`);
  if (!(await readableDir(local))) {
    const bundle = await options.bundle(version.id);
    if (!bundle) {
      throw new Error(
        `model version ${version.id}: ${version.artifactDir} is not readable on this machine and the database holds no artifact bundle for it (registered before bundles were stored); retrain, or mount the files at that path`,
      );
    }
    try {
      await unpackArtifacts(bundle, local);
    } catch (error) {
      if (error instanceof CorruptBundleError) throw new Error(`model version ${version.id}: the artifact bundle in the database is corrupt (${error.message}); retrain to replace it`);
      throw error;
    }
  }
  return loadModel(local);
}

async function readableDir(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.R_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
