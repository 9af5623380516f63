import fs from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';

/** A data file opened for streaming, decompressed when its name ends in `.gz`. */
export interface FileSource {
  stream: Readable;
  /** Size on disk, the unit of progress (compressed bytes for `.gz`). */
  size: number;
  bytesRead(): number;
}

export async function openFileSource(file: string): Promise<FileSource> {
  const { size } = await stat(file);
  const raw = fs.createReadStream(file);
  // pipeline() passes a read error on to the gunzip stream and closes the file when the
  // consumer stops early; its callback has nothing to add, errors surface on `stream`.
  const stream = file.endsWith('.gz') ? pipeline(raw, zlib.createGunzip(), () => undefined) : raw;
  return { stream, size, bytesRead: () => raw.bytesRead };
}
