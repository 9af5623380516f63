import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { visualFeatureVector } from '../model/image-features.js';

const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export interface ImageReaderOptions {
  /** Folder behind the gateway's own `/images/...` URLs. */
  imagesDir: string;
  /** Remote images are fetched with this timeout; a slow CDN must not stall a catalog feed. */
  fetchTimeoutMs?: number;
}

/** Reads a product image from the gateway's image folder or over http(s); null when unreachable. */
export function createImageReader(options: ImageReaderOptions) {
  return async (imageUrl: string): Promise<Buffer | null> => {
    if (imageUrl.startsWith('/images/')) {
      // Only the file name is used, so a crafted URL cannot read outside the image folder.
      const file = path.join(options.imagesDir, path.basename(imageUrl));
      return readFile(file).catch(() => null);
    }
    if (!/^https?:\/\//.test(imageUrl)) return null;
    try {
      const response = await fetch(imageUrl, { signal: AbortSignal.timeout(options.fetchTimeoutMs ?? 5_000) });
      const length = Number(response.headers.get('content-length') ?? 0);
      if (!response.ok || length > MAX_IMAGE_BYTES) return null;
      const body = Buffer.from(await response.arrayBuffer());
      return body.length > MAX_IMAGE_BYTES ? null : body;
    } catch {
      return null;
    }
  };
}

export type ImageReader = ReturnType<typeof createImageReader>;

/** Palette then texture statistics, or [] when the image cannot be read or decoded. */
export async function imageFeatureVector(read: ImageReader, imageUrl: string | null): Promise<number[]> {
  if (!imageUrl) return [];
  const image = await read(imageUrl);
  if (!image) return [];
  try {
    return await visualFeatureVector(image);
  } catch {
    return [];
  }
}
