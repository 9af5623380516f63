import sharp from 'sharp';
import { categories, colours, materials, type Silhouette, type Texture } from './vocabulary.js';

/** What an image shows: enough of a product to draw it. */
export interface ImageSubject {
  category: string;
  colour: string;
  material: string;
}

export const productImageSize = 256;

// Each silhouette is drawn large on purpose: the product colour should be the image's
// dominant colour, which is what the visual features extracted later will pick up.
const silhouettes: Record<Silhouette, string> = {
  tote: '<path d="M40 92 L216 92 L232 232 L24 232 Z"/><path d="M84 96 C84 28 172 28 172 96" fill="none" stroke-width="14"/>',
  'shoulder-bag': '<rect x="28" y="96" width="200" height="132" rx="22"/><path d="M52 100 C60 20 196 20 204 100" fill="none" stroke-width="10"/>',
  clutch: '<rect x="16" y="72" width="224" height="124" rx="12"/>',
  backpack: '<rect x="48" y="44" width="160" height="196" rx="36"/><path d="M92 48 C92 12 164 12 164 48" fill="none" stroke-width="12"/>',
  shoe: '<path d="M12 160 C52 136 100 104 140 104 L176 118 C216 132 244 156 244 192 L244 216 L12 216 Z"/>',
  boot: '<path d="M60 24 L152 24 L160 136 C204 144 240 164 240 196 L240 228 L52 228 Z"/>',
  coat: '<path d="M84 20 L172 20 L232 68 L244 236 L196 236 L188 116 L188 244 L68 244 L68 116 L60 236 L12 236 L24 68 Z"/>',
  top: '<path d="M80 28 L176 28 L240 72 L224 148 L188 132 L188 232 L68 232 L68 132 L32 148 L16 72 Z"/>',
  dress: '<path d="M92 16 L164 16 L172 88 L232 244 L24 244 L84 88 Z"/>',
  trousers: '<path d="M64 16 L192 16 L216 244 L148 244 L128 100 L108 244 L40 244 Z"/>',
  scarf: '<path d="M128 8 L248 128 L128 248 L8 128 Z"/>',
  sunglasses: '<ellipse cx="70" cy="128" rx="62" ry="56"/><ellipse cx="186" cy="128" rx="62" ry="56"/><rect x="110" y="108" width="36" height="16"/>',
  belt: '<path fill-rule="evenodd" d="M128 12 A116 116 0 1 1 127.9 12 Z M128 70 A58 58 0 1 0 128.1 70 Z"/>',
  'card-holder': '<rect x="28" y="52" width="200" height="152" rx="14"/>',
  gloves: '<path d="M56 244 L56 120 L40 72 L64 64 L80 104 L84 24 L108 24 L112 96 L120 16 L144 16 L144 96 L156 28 L180 28 L176 104 L192 48 L216 56 L204 140 L200 244 Z"/>',
  necklace: '<path fill-rule="evenodd" d="M128 8 A116 116 0 1 1 127.9 8 Z M128 56 A68 68 0 1 0 128.1 56 Z"/><circle cx="128" cy="212" r="40"/>',
  earrings: '<circle cx="72" cy="52" r="22"/><path d="M72 72 C20 140 20 236 72 236 C124 236 124 140 72 72 Z"/><circle cx="184" cy="52" r="22"/><path d="M184 72 C132 140 132 236 184 236 C236 236 236 140 184 72 Z"/>',
  bracelet: '<path fill-rule="evenodd" d="M128 8 A120 120 0 1 1 127.9 8 Z M128 64 A64 64 0 1 0 128.1 64 Z"/>',
  ring: '<path fill-rule="evenodd" d="M128 40 A100 100 0 1 1 127.9 40 Z M128 92 A48 48 0 1 0 128.1 92 Z"/><path d="M96 52 L128 4 L160 52 Z"/>',
  watch: '<rect x="84" y="0" width="88" height="256"/><circle cx="128" cy="128" r="92"/>',
};

function texturePattern(texture: Texture, light: string, dark: string): string {
  switch (texture) {
    case 'crosshatch':
      return `<path d="M0 8 L8 0 M0 0 L8 8" stroke="${light}" stroke-width="1"/>`;
    case 'grain':
      return `<circle cx="2" cy="3" r="1" fill="${dark}"/><circle cx="6" cy="7" r="1" fill="${light}"/>`;
    case 'gloss':
      return `<rect x="0" y="0" width="2" height="8" fill="${light}"/>`;
    case 'brushed':
      return `<rect x="0" y="0" width="8" height="1" fill="${dark}"/><rect x="0" y="4" width="8" height="1" fill="${light}"/>`;
    case 'scales':
      return `<path d="M0 0.5 H8 M0.5 0 V4 M4.5 4 V8 M0 4.5 H8" stroke="${dark}" stroke-width="1"/>`;
    case 'knit':
      return `<path d="M0 0 L4 4 L8 0" fill="none" stroke="${dark}" stroke-width="1"/>`;
    case 'twill':
      return `<path d="M0 8 L8 0" stroke="${dark}" stroke-width="1"/>`;
    case 'sheen':
      return `<path d="M0 8 L8 0" stroke="${light}" stroke-width="1.5"/>`;
    case 'tweed':
      return `<rect x="1" y="1" width="1" height="1" fill="#ffffff"/><rect x="5" y="3" width="1" height="1" fill="#000000"/><rect x="3" y="6" width="1" height="1" fill="${light}"/>`;
    case 'weave':
      return `<rect x="0" y="0" width="8" height="1" fill="${dark}"/><rect x="0" y="0" width="1" height="8" fill="${dark}"/>`;
    case 'ripstop':
      return `<rect x="0" y="0" width="8" height="1" fill="${light}"/><rect x="0" y="0" width="1" height="8" fill="${light}"/>`;
    case 'metal':
      return `<rect x="0" y="0" width="8" height="1.5" fill="${light}"/>`;
  }
}

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function mix(hex: string, toward: number, amount: number): string {
  const mixed = channels(hex).map((c) => Math.round(c + (toward - c) * amount));
  return `#${mixed.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** The SVG drawing of a product: its silhouette in its colour, textured like its material. */
export function productImageSvg(subject: ImageSubject): string {
  const category = categories.find((c) => c.name === subject.category);
  const colour = colours.find((c) => c.name === subject.colour);
  const material = materials.find((m) => m.name === subject.material);
  if (!category || !colour || !material) {
    throw new Error(`Cannot draw ${subject.colour} ${subject.material} ${subject.category}: unknown to the vocabulary`);
  }
  // Pale products sit on a darker backdrop so they stay visible; the backdrop is a gradient so
  // it never concentrates in one colour.
  const [top, bottom] = luminance(colour.hex) > 0.6 ? ['#8d877e', '#4a4640'] : ['#fbf9f5', '#bdb5a8'];
  const size = productImageSize;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<defs>
<linearGradient id="backdrop" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>
<pattern id="texture" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${colour.hex}"/>${texturePattern(material.texture, mix(colour.hex, 255, 0.25), mix(colour.hex, 0, 0.25))}</pattern>
</defs>
<rect width="${size}" height="${size}" fill="url(#backdrop)"/>
<g fill="url(#texture)" stroke="url(#texture)" stroke-width="0">${silhouettes[category.silhouette]}</g>
</svg>`;
}

/** A 256×256 PNG picture of the product. */
export async function renderProductImage(subject: ImageSubject): Promise<Buffer> {
  return sharp(Buffer.from(productImageSvg(subject))).png().toBuffer();
}
