import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A model's artifact folder packed into one byte string, so the database can carry it to
 * gateways on other machines (`model_versions.artifact_bundle`).
 *
 *   bytes 0–7    ASCII "VTRBNDL1" (format and version)
 *   bytes 8–11   manifest length M, unsigned 32-bit big-endian
 *   next M       UTF-8 JSON manifest: { files: [{ name, bytes, sha256 }] }
 *   the rest     each file's bytes, in manifest order, nothing between them
 *
 * A model folder is three flat files with no subfolders, owners or modes, so a tar library (a new
 * dependency) would add nothing but a format without checksums. There is no compression: the
 * weights are float32 values that gzip shrinks by under a tenth (1.32 MB to 1.21 MB for a
 * default-size model of 800 products), not worth a decompression step on every gateway start.
 */
const MAGIC = Buffer.from('VTRBNDL1', 'ascii');
const HEADER = MAGIC.length + 4;

interface ManifestEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export class CorruptBundleError extends Error {}

/** Packs every regular file directly inside `dir`, in name order. */
export async function packArtifacts(dir: string): Promise<Uint8Array<ArrayBuffer>> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  const contents = await Promise.all(names.map((name) => readFile(path.join(dir, name))));
  const files: ManifestEntry[] = names.map((name, i) => ({ name, bytes: contents[i].length, sha256: sha256(contents[i]) }));
  const manifest = Buffer.from(JSON.stringify({ files }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(manifest.length);
  const packed = Buffer.concat([MAGIC, length, manifest, ...contents]);
  return new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength) as Uint8Array<ArrayBuffer>;
}

/** The files of a bundle, checked against its manifest; throws CorruptBundleError on any mismatch. */
export function readBundle(bundle: Uint8Array): { name: string; content: Buffer }[] {
  const bytes = Buffer.from(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  if (bytes.length < HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new CorruptBundleError('not a vitrine artifact bundle (bad header)');
  const manifestEnd = HEADER + bytes.readUInt32BE(MAGIC.length);
  if (manifestEnd > bytes.length) throw new CorruptBundleError('manifest runs past the end of the bundle');
  const files = parseManifest(bytes.subarray(HEADER, manifestEnd));
  const total = files.reduce((sum, file) => sum + file.bytes, manifestEnd);
  if (total !== bytes.length) throw new CorruptBundleError(`manifest lists ${total} bytes, bundle has ${bytes.length}`);
  let offset = manifestEnd;
  return files.map((file) => {
    const content = bytes.subarray(offset, (offset += file.bytes));
    if (sha256(content) !== file.sha256) throw new CorruptBundleError(`${file.name} does not match its checksum`);
    return { name: file.name, content };
  });
}

/**
 * Writes a bundle's files into `dir`, all or nothing: they go into a temporary sibling folder that
 * is renamed into place. When another process got there first its folder is kept.
 */
export async function unpackArtifacts(bundle: Uint8Array, dir: string): Promise<void> {
  const files = readBundle(bundle);
  await mkdir(path.dirname(dir), { recursive: true });
  const staging = await mkdtemp(path.join(path.dirname(dir), `.${path.basename(dir)}-`));
  try {
    for (const file of files) await writeFile(path.join(staging, file.name), file.content);
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
  }
}

function parseManifest(raw: Buffer): ManifestEntry[] {
  let files: unknown;
  try {
    files = (JSON.parse(raw.toString('utf8')) as { files?: unknown }).files;
  } catch {
    throw new CorruptBundleError('manifest is not JSON');
  }
  if (!Array.isArray(files) || !files.every(isEntry)) throw new CorruptBundleError('manifest does not list files as { name, bytes, sha256 }');
  return files;
}

/** Names come from the database: only plain file names, never paths out of the target folder. */
function isEntry(value: unknown): value is ManifestEntry {
  const entry = value as ManifestEntry;
  return (
    typeof entry?.name === 'string' &&
    entry.name === path.basename(entry.name) &&
    !['', '.', '..'].includes(entry.name) &&
    Number.isSafeInteger(entry.bytes) &&
    entry.bytes >= 0 &&
    typeof entry.sha256 === 'string'
  );
}

function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
