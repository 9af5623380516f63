import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PALETTE_DIMS, TEXTURE_DIMS } from '../../src/model/features.js';
import { visualFeatures } from '../../src/model/image-features.js';

async function flat(r: number, g: number, b: number): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 64, channels: 3, background: { r, g, b } } }).png().toBuffer();
}

/** Three-quarters navy, one quarter white, in thin vertical stripes. */
async function stripes(): Promise<Buffer> {
  const bars = Array.from({ length: 16 }, (_, i) => `<rect x="${i * 8}" y="0" width="2" height="128" fill="#ffffff"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128"><rect width="128" height="128" fill="#000080"/>${bars}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe('visual features', () => {
  it('returns fixed-length palette and texture arrays', async () => {
    const features = await visualFeatures(await flat(200, 30, 30));
    expect(features.palette).toHaveLength(PALETTE_DIMS);
    expect(features.texture).toHaveLength(TEXTURE_DIMS);
  });

  it('finds the colour of a flat image and no texture', async () => {
    const { palette, texture } = await visualFeatures(await flat(200, 30, 30));
    expect(palette[0]).toBeCloseTo(200 / 255, 2);
    expect(palette[1]).toBeCloseTo(30 / 255, 2);
    expect(texture.every((v) => v < 1e-3)).toBe(true);
  });

  it('ranks the majority colour first and sees stripes as texture', async () => {
    const { palette, texture } = await visualFeatures(await stripes());
    // Downsampling blends stripe edges, so the navy centre is close to, not exactly, #000080.
    const [red, green, blue] = palette;
    expect(red).toBeLessThan(0.15);
    expect(green).toBeLessThan(0.15);
    expect(blue).toBeGreaterThan(0.4);
    expect(Math.max(...palette)).toBeGreaterThan(0.8);
    const [, , blueStdev, gradient, edgeDensity] = texture;
    expect(blueStdev).toBeGreaterThan(0.1);
    expect(gradient).toBeGreaterThan(0.05);
    expect(edgeDensity).toBeGreaterThan(0.2);
  });
});
