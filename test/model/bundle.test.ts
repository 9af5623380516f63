import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../../src/model/artifacts.js';
import { selectBackend } from '../../src/model/backend.js';
import { CorruptBundleError, packArtifacts, readBundle, unpackArtifacts } from '../../src/model/bundle.js';
import { FeatureSpace } from '../../src/model/features.js';
import { TwoTowerModel } from '../../src/model/towers.js';
import { plantedWorld } from './planted.js';

/** A bundle with its manifest replaced, everything else kept: what a hostile or buggy writer could store. */
function withManifest(bundle: Uint8Array, manifest: unknown): Uint8Array {
  const bytes = Buffer.from(bundle);
  const end = 12 + bytes.readUInt32BE(8);
  const json = Buffer.from(JSON.stringify(manifest));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([bytes.subarray(0, 8), length, json, bytes.subarray(end)]);
}

describe('model artifact bundles', () => {
  let root: string;
  let source: string;
  const files = { 'model.json': Buffer.from('{"format":"x"}'), 'vocab.json': Buffer.from('{}'), 'weights.bin': Buffer.from(Float32Array.from([1.5, -2, 3.25]).buffer) };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'vitrine-bundle-'));
    source = path.join(root, 'source');
    await mkdir(path.join(source, 'ignored-subfolder'), { recursive: true });
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(source, name), content);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('packs the files of a folder and unpacks them byte for byte, leaving no staging folder', async () => {
    const bundle = await packArtifacts(source);
    expect(readBundle(bundle).map((f) => f.name)).toEqual(['model.json', 'vocab.json', 'weights.bin']);
    const target = path.join(root, 'models', 'version-1');
    await unpackArtifacts(bundle, target);
    for (const [name, content] of Object.entries(files)) expect(await readFile(path.join(target, name))).toEqual(content);
    expect(await readdir(path.join(root, 'models'))).toEqual(['version-1']);
  });

  it('carries a saved two-tower model: the unpacked copy embeds items exactly like the original', async () => {
    await selectBackend('wasm');
    const world = plantedWorld({ itemsPerCluster: 3, usersPerCluster: 2, perUser: 3 });
    const model = new TwoTowerModel(FeatureSpace.fit(world.items, world.users), { fieldDim: 8, hiddenDim: 16, outputDim: 8 }, 3);
    const saved = path.join(root, 'saved');
    await saveModel(model, saved);
    const copy = path.join(root, 'copy', 'version-2');
    await unpackArtifacts(await packArtifacts(saved), copy);
    const loaded = await loadModel(copy);
    expect(Array.from(loaded.embedItems(world.items))).toEqual(Array.from(model.embedItems(world.items)));
  });

  it('rejects a bundle with a changed byte, a cut end, a foreign header or a bad manifest, and writes nothing', async () => {
    const bundle = await packArtifacts(source);
    const flipped = Buffer.from(bundle);
    flipped[flipped.length - 1] ^= 0xff;
    const cases: [Uint8Array, RegExp][] = [
      [flipped, /weights\.bin does not match its checksum/],
      [bundle.subarray(0, bundle.length - 3), /manifest lists \d+ bytes, bundle has \d+/],
      [Buffer.from('PK\u0003\u0004 not a bundle'), /bad header/],
      [withManifest(bundle, 'nope'), /does not list files/],
      [Buffer.concat([Buffer.from(bundle.subarray(0, 12)), Buffer.from('{')]), /manifest is not JSON|manifest runs past/],
    ];
    for (const [corrupt, message] of cases) {
      const target = path.join(root, 'corrupt', 'version-3');
      await expect(unpackArtifacts(corrupt, target)).rejects.toThrow(message);
      await expect(unpackArtifacts(corrupt, target)).rejects.toBeInstanceOf(CorruptBundleError);
      expect(existsSync(path.join(root, 'corrupt'))).toBe(false);
    }
  });

  it('never writes outside the target folder, whatever file names the manifest holds', async () => {
    const bundle = await packArtifacts(source);
    const entries = readBundle(bundle);
    const [first, ...rest] = entries.map((f) => ({ name: f.name, bytes: f.content.length, sha256: '' }));
    for (const name of ['../escape.json', '/etc/passwd', '..', '']) {
      const hostile = withManifest(bundle, { files: [{ ...first, name }, ...rest] });
      await expect(unpackArtifacts(hostile, path.join(root, 'hostile', 'version-4'))).rejects.toBeInstanceOf(CorruptBundleError);
    }
    expect(existsSync(path.join(root, 'hostile'))).toBe(false);
    expect(existsSync(path.join(root, 'escape.json'))).toBe(false);
  });

  it('keeps the folder another process unpacked first', async () => {
    const target = path.join(root, 'race', 'version-5');
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, 'model.json'), 'theirs');
    await unpackArtifacts(await packArtifacts(source), target);
    expect(await readFile(path.join(target, 'model.json'), 'utf8')).toBe('theirs');
    expect(await readdir(path.join(root, 'race'))).toEqual(['version-5']);
  });
});
