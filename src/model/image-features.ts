import sharp from 'sharp';
import { PALETTE_DIMS, TEXTURE_DIMS } from './features.js';

export interface VisualFeatures {
  /** 3 dominant colours, largest cluster first, RGB in 0..1 (PALETTE_DIMS numbers). */
  palette: number[];
  /**
   * [stdev R, stdev G, stdev B] in 0..1, mean gradient magnitude of the luminance (0..1) and
   * edge density (share of pixels whose gradient exceeds EDGE_THRESHOLD): flat satin vs tweed.
   */
  texture: number[];
}

const PALETTE_COLOURS = PALETTE_DIMS / 3;
/** Small enough for a fast k-means, large enough to keep a stripe or a logo as a cluster. */
const SAMPLE_SIDE = 48;
const KMEANS_ITERATIONS = 12;
/** A luminance step of 10% of full scale between neighbours counts as an edge. */
const EDGE_THRESHOLD = 0.1;

export async function visualFeatures(image: Buffer): Promise<VisualFeatures> {
  const { data } = await sharp(image)
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .resize(SAMPLE_SIDE, SAMPLE_SIDE, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) pixels[i] = data[i]! / 255;
  return { palette: dominantColours(pixels, PALETTE_COLOURS), texture: textureStatistics(pixels, SAMPLE_SIDE, SAMPLE_SIDE) };
}

/** Palette then texture statistics as one vector, the form stored beside a product. */
export async function visualFeatureVector(image: Buffer): Promise<number[]> {
  const { palette, texture } = await visualFeatures(image);
  return [...palette, ...texture];
}

/**
 * k-means on RGB pixels (0..1, interleaved). Deterministic: centres start at evenly spaced
 * quantiles of luminance, so the same image always yields the same palette.
 */
export function dominantColours(pixels: Float32Array, k: number): number[] {
  const n = pixels.length / 3;
  const byLuminance = Array.from({ length: n }, (_, i) => i).sort((a, b) => luminance(pixels, a) - luminance(pixels, b));
  const centres = Array.from({ length: k }, (_, c) => {
    const p = byLuminance[Math.min(n - 1, Math.floor(((c + 0.5) / k) * n))]!;
    return [pixels[p * 3]!, pixels[p * 3 + 1]!, pixels[p * 3 + 2]!];
  });
  const assignment = new Int32Array(n);
  const sizes = new Array<number>(k).fill(0);
  for (let iteration = 0; iteration < KMEANS_ITERATIONS; iteration++) {
    const sums = centres.map(() => [0, 0, 0]);
    sizes.fill(0);
    for (let p = 0; p < n; p++) {
      let best = 0;
      let bestDistance = Infinity;
      centres.forEach((centre, c) => {
        const distance = (pixels[p * 3]! - centre[0]!) ** 2 + (pixels[p * 3 + 1]! - centre[1]!) ** 2 + (pixels[p * 3 + 2]! - centre[2]!) ** 2;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      });
      assignment[p] = best;
      sizes[best]!++;
      for (let channel = 0; channel < 3; channel++) sums[best]![channel]! += pixels[p * 3 + channel]!;
    }
    centres.forEach((centre, c) => {
      if (sizes[c]! > 0) for (let channel = 0; channel < 3; channel++) centre[channel] = sums[c]![channel]! / sizes[c]!;
    });
  }
  return centres
    .map((centre, c) => ({ centre, size: sizes[c]! }))
    .sort((a, b) => b.size - a.size)
    .flatMap(({ centre }) => centre);
}

export function textureStatistics(pixels: Float32Array, width: number, height: number): number[] {
  const n = width * height;
  const stdev = [0, 1, 2].map((channel) => {
    let sum = 0;
    let squares = 0;
    for (let p = 0; p < n; p++) {
      const v = pixels[p * 3 + channel]!;
      sum += v;
      squares += v * v;
    }
    const mean = sum / n;
    return Math.sqrt(Math.max(0, squares / n - mean * mean));
  });
  let gradientSum = 0;
  let edges = 0;
  let count = 0;
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      const here = luminance(pixels, y * width + x);
      const dx = luminance(pixels, y * width + x + 1) - here;
      const dy = luminance(pixels, (y + 1) * width + x) - here;
      const magnitude = Math.sqrt(dx * dx + dy * dy);
      gradientSum += magnitude;
      if (magnitude > EDGE_THRESHOLD) edges++;
      count++;
    }
  }
  const texture = [...stdev, count ? gradientSum / count : 0, count ? edges / count : 0];
  return texture.slice(0, TEXTURE_DIMS);
}

function luminance(pixels: Float32Array, p: number): number {
  return 0.2126 * pixels[p * 3]! + 0.7152 * pixels[p * 3 + 1]! + 0.0722 * pixels[p * 3 + 2]!;
}
