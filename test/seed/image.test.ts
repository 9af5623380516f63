import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/seed/demo.js';
import { productImageSize, renderProductImage } from '../../src/seed/image.js';
import { categories, colours } from '../../src/seed/vocabulary.js';

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

// sharp's dominant colour is the centre of a 16-level histogram bin, so "roughly" allows for that.
const tolerance = 48;

describe('product images', () => {
  const { products } = generateDemo({ seed: 3, now: new Date('2025-06-01T12:00:00Z'), scale: { products: 120, shoppers: 0, interactions: 0 } });

  it('renders a 256×256 PNG', async () => {
    const png = await renderProductImage(products[0]);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: productImageSize, height: productImageSize });
  });

  it("makes the product's colour the dominant colour, across every silhouette", async () => {
    const oneOfEachCategory = categories.map((c) => products.find((p) => p.category === c.name)!);
    const misses: string[] = [];
    for (const product of oneOfEachCategory) {
      const { dominant } = await sharp(await renderProductImage(product)).stats();
      const [r, g, b] = rgb(colours.find((c) => c.name === product.colour)!.hex);
      const distance = Math.hypot(dominant.r - r, dominant.g - g, dominant.b - b);
      if (distance > tolerance) misses.push(`${product.colour} ${product.category}: dominant ${JSON.stringify(dominant)}`);
    }
    expect(misses).toEqual([]);
  });

  it('shows the material as a texture and the category as a shape', async () => {
    const base = { category: 'tote', colour: 'scarlet', material: 'calfskin' };
    const calfskin = await renderProductImage(base);
    expect(await renderProductImage(base)).toEqual(calfskin);
    expect(await renderProductImage({ ...base, material: 'tweed' })).not.toEqual(calfskin);
    expect(await renderProductImage({ ...base, category: 'watch' })).not.toEqual(calfskin);
  });

  it('refuses products outside the vocabulary', async () => {
    await expect(renderProductImage({ category: 'hovercraft', colour: 'scarlet', material: 'calfskin' })).rejects.toThrow(/hovercraft/);
  });
});
