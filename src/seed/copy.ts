import type { Occasion, Season } from '../generated/prisma/enums.js';
import type { Random } from './random.js';
import { styleFactors, type StyleFactor, type StyleLeaning } from './taste.js';
import type { Category, Colour, Maison, Material } from './vocabulary.js';

/** Product titles and descriptions in the register of a luxury storefront. */

const styleAdjective: Record<StyleFactor, string> = {
  classic: 'timeless',
  avantGarde: 'sculptural',
  minimal: 'quietly refined',
  opulent: 'lavish',
  sporty: 'easy',
  romantic: 'softly romantic',
  tailored: 'sharply tailored',
  bold: 'statement',
};

const occasionPhrase: Record<Occasion, string> = {
  EVERYDAY: 'every day, from morning coffee to late dinners',
  WORK: 'the working week and the meetings that matter',
  EVENING: 'evenings out, when the lights go down',
  WEDDING: 'wedding season, as a guest or a bride',
  TRAVEL: 'long-haul travel and city breaks',
  GIFT: 'gifting, presented in the house box with a handwritten card',
  SPORT: 'active weekends on the move',
  HOLIDAY: 'slow days by the sea',
};

const seasonPhrase: Record<Season, string> = {
  SPRING: 'A spring essential',
  SUMMER: 'A summer essential',
  AUTUMN: 'An autumn essential',
  WINTER: 'A winter essential',
  ALL_SEASON: 'A piece for every season',
};

function dominantStyle(leaning: StyleLeaning): StyleFactor {
  let best: StyleFactor = styleFactors[0];
  for (const factor of styleFactors) if ((leaning[factor] ?? 0) > (leaning[best] ?? 0)) best = factor;
  return best;
}

export interface ProductWords {
  maison: Maison;
  category: Category;
  material: Material;
  colour: Colour;
  variant: string;
  line: string;
  season: Season;
  occasions: Occasion[];
  limitedEdition: boolean;
}

/** Metals name their own colour, so "18k rose gold ring in rose gold" would repeat itself. */
function colourIsImplied(words: ProductWords): boolean {
  return words.material.colours?.length === 1;
}

export function productTitle(words: ProductWords, random: Random): string {
  const item = [words.variant, words.category.name].filter(Boolean).join(' ');
  const implied = colourIsImplied(words);
  if (random.chance(0.55)) {
    return `The ${words.material.name} ${item}${implied ? '' : ` in ${words.colour.name}`}`;
  }
  return `The ${words.line} ${item} in ${implied ? '' : `${words.colour.name} `}${words.material.name}`;
}

export function productDescription(words: ProductWords, random: Random): string {
  const { maison, category, material } = words;
  const adjective = styleAdjective[dominantStyle(maison.style)];
  const openings = [
    `Crafted in ${maison.city} from ${material.name}, this ${category.name} carries ${maison.name}'s ${adjective} signature.`,
    `${maison.name} reworks the ${category.name} in ${material.name} with a ${adjective} finish.`,
    `A ${adjective} ${category.name} from ${maison.name}, made in ${material.name} and finished by hand in ${maison.city}.`,
  ];
  const sentences = [random.pick(openings)];
  if (words.occasions.length > 0 && random.chance(0.7)) {
    sentences.push(`Made for ${occasionPhrase[random.pick(words.occasions)]}.`);
  }
  if (words.limitedEdition) sentences.push('A limited edition, numbered inside.');
  else if (random.chance(0.4)) sentences.push(`${seasonPhrase[words.season]} in ${words.colour.name}.`);
  return sentences.slice(0, 3).join(' ');
}
