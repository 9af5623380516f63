import { LitElement } from 'lit';

/**
 * Components render into the light DOM so that one stylesheet, the document's landmarks and
 * label-for associations all work as on a plain page.
 */
export class LightElement extends LitElement {
  createRenderRoot() {
    return this;
  }
}

export const DEVICES = ['MOBILE', 'DESKTOP', 'TABLET', 'APP', 'OTHER'];
export const OCCASIONS = ['EVERYDAY', 'EVENING', 'WORK', 'TRAVEL', 'GIFT', 'HOLIDAY', 'SPORT', 'WEDDING'];
export const SEASONS = ['SPRING', 'SUMMER', 'AUTUMN', 'WINTER', 'ALL_SEASON'];
export const ROW_KINDS = ['TOP_PICKS', 'BECAUSE_YOU_VIEWED', 'RECENTLY_VIEWED', 'TRENDING_IN_REGION', 'NEW_ARRIVALS_FOR_YOU', 'CONTEXTUAL_COLLECTION', 'EDITORIAL_COLLECTION', 'POPULAR'];

export const label = (value) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');

const nf = (digits) => new Intl.NumberFormat('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const fixed = (value, digits = 2) => (value == null || Number.isNaN(value) ? '–' : nf(digits).format(value));
export const percent = (value, digits = 1) => (value == null || Number.isNaN(value) ? '–' : `${nf(digits).format(value * 100)} %`);
export const count = (value) => (value == null ? '–' : new Intl.NumberFormat('en').format(value));
export const money = (value, currency) => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
};
export const date = (iso) => (iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') : '–');

// Catalog colour names are free text; common ones get a representative swatch, others a neutral one.
const SWATCHES = {
  black: '#1b1b1b', white: '#f7f7f2', ivory: '#f3ecd8', cream: '#efe4c8', beige: '#d9c7a5', camel: '#b98a52', tan: '#c19a6b',
  brown: '#6b4226', cognac: '#9a4a1c', chocolate: '#4a2c1d', burgundy: '#6d1a2a', red: '#b3261e', pink: '#e4a3b5', blush: '#e8c1c0',
  orange: '#d9731c', yellow: '#e2c044', gold: '#c9a227', green: '#2f6b3a', olive: '#6b6b2f', khaki: '#a39a6a', blue: '#24549c',
  navy: '#1d2a4d', teal: '#1f6f6f', purple: '#5b3a88', lilac: '#b7a3d6', grey: '#8a8a8a', gray: '#8a8a8a', silver: '#c0c0c0',
  taupe: '#8b7d6b', multicolour: 'linear-gradient(135deg, #b3261e, #e2c044, #2f6b3a, #24549c)',
};
export function swatch(colour) {
  const key = String(colour ?? '').toLowerCase().split(/[\s/-]+/).find((word) => SWATCHES[word]);
  return key ? SWATCHES[key] : '#bdb7ab';
}

/** Only images this gateway serves are shown: the page never loads anything from elsewhere. */
export const localImage = (url) => (typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : null);

export const message = (error) => (error instanceof Error ? error.message : String(error));
