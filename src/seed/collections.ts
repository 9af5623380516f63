import type { CollectionEntryRole, CollectionKind } from '../generated/prisma/enums.js';
import { matchesProduct } from '../recommend/collections.js';
import type { CollectionRule } from '../recommend/types.js';
import { brandIdFor, slugify } from '../catalog/product-feed.js';
import type { SeedProduct } from './catalog.js';

export interface SeedCollectionEntry {
  productId: string;
  role: CollectionEntryRole;
  position: number | null;
}

export interface SeedCollection {
  id: string;
  slug: string;
  title: string;
  description: string;
  kind: CollectionKind;
  rule: CollectionRule | null;
  position: number;
  entries: SeedCollectionEntry[];
}

/** Whether a product meets a rule's `match` part (the seed uses it to choose sensible pins). */
export function matchesRule(product: SeedProduct, match: CollectionRule['match']): boolean {
  return matchesProduct(match, product);
}

interface RuleDefinition {
  title: string;
  description: string;
  rule: CollectionRule;
}

const ruleBased: RuleDefinition[] = [
  {
    title: 'Evening in Milan',
    description: 'Clutches, heels and gold for an aperitivo that runs late.',
    rule: {
      when: { occasions: ['EVENING'], timesOfDay: ['evening', 'night'], regions: ['Milan'] },
      match: {
        categories: ['clutch', 'pump', 'evening dress', 'earrings', 'necklace'],
        colours: ['black', 'burgundy', 'champagne gold', 'yellow gold', 'emerald', 'scarlet'],
      },
    },
  },
  {
    title: 'Rainy-day leathers',
    description: 'Coated and grained leathers that shrug off a downpour.',
    rule: {
      when: { seasons: ['AUTUMN', 'WINTER'], regions: ['London', 'Paris', 'Munich', 'Tokyo'] },
      match: {
        categories: ['tote', 'shoulder bag', 'backpack', 'ankle boot', 'trench coat'],
        materials: ['Saffiano leather', 'grained leather', 'patent leather', 'calfskin'],
      },
    },
  },
  {
    title: 'Summer wedding guest',
    description: 'Soft colour, silk and a clutch: everything but the hat.',
    rule: {
      when: { occasions: ['WEDDING'], seasons: ['SPRING', 'SUMMER'] },
      match: {
        categories: ['evening dress', 'clutch', 'sandal', 'pump', 'earrings', 'silk scarf'],
        colours: ['blush pink', 'powder blue', 'lilac', 'champagne gold', 'ivory', 'rose gold'],
      },
    },
  },
  {
    title: 'Desk to dinner',
    description: 'Tailoring that goes from the boardroom to the table.',
    rule: {
      when: { occasions: ['WORK'], timesOfDay: ['afternoon', 'evening'], devices: ['DESKTOP', 'TABLET'] },
      match: {
        categories: ['blazer', 'tailored trousers', 'silk blouse', 'top-handle bag', 'loafer', 'pump'],
        colours: ['black', 'charcoal grey', 'midnight blue', 'camel', 'ivory'],
      },
    },
  },
  {
    title: 'Winter cashmere',
    description: 'The softest layers of the season.',
    rule: { when: { seasons: ['WINTER'] }, match: { materials: ['cashmere'] } },
  },
  {
    title: 'Resort and travel',
    description: 'Light, packable pieces for the trip ahead.',
    rule: {
      when: { occasions: ['TRAVEL', 'HOLIDAY'], devices: ['MOBILE', 'APP'] },
      match: { tags: ['travel', 'holiday'], priceMax: 1500 },
    },
  },
  {
    title: 'Gifts under €600',
    description: 'Thoughtful pieces, beautifully wrapped.',
    rule: { when: { occasions: ['GIFT'] }, match: { tags: ['gift'], priceMax: 600 } },
  },
  {
    title: 'Dubai nights: statement gold',
    description: 'High-carat pieces made to catch the light.',
    rule: {
      when: { regions: ['Dubai'], timesOfDay: ['evening', 'night'] },
      match: { colours: ['yellow gold', 'champagne gold'], priceMin: 1500 },
    },
  },
  {
    title: 'Morning commute',
    description: 'Quiet, practical design for the trip to work.',
    rule: {
      when: { regions: ['Tokyo', 'Seoul'], timesOfDay: ['morning'], devices: ['MOBILE', 'APP'] },
      match: {
        categories: ['sneaker', 'backpack', 'crossbody bag', 'loafer', 'trench coat'],
        brands: ['Maison Kagero', 'Kobo Nakaya', 'Lindqvist Form', 'Halvorsen Studio', 'Eldenhoff'].map(brandIdFor),
      },
    },
  },
];

const byPopularity = (a: SeedProduct, b: SeedProduct) => b.popularity - a.popularity || a.id.localeCompare(b.id);

const members = (products: SeedProduct[]): SeedCollectionEntry[] =>
  products.map((p, i) => ({ productId: p.id, role: 'MEMBER', position: i + 1 }));

function editorial(title: string, description: string, chosen: SeedProduct[], pin: SeedProduct | undefined, pinSlot: number): Omit<SeedCollection, 'position'> {
  const entries = members(chosen);
  if (pin) entries.push({ productId: pin.id, role: 'PIN', position: pinSlot });
  return { id: `col-${slugify(title)}`, slug: slugify(title), title, description, kind: 'EDITORIAL', rule: null, entries };
}

/**
 * Editorial collections with hand-ordered members and a pinned hero, and rule-based ones that
 * apply in a context (evening in Milan, a rainy autumn, a summer wedding) with a pinned hero
 * and their discontinued matches excluded.
 */
export function generateCollections(products: SeedProduct[], size = 24): SeedCollection[] {
  const live = products.filter((p) => p.stockStatus !== 'DISCONTINUED' && p.stockStatus !== 'PREORDER');
  const icons = live.filter((p) => p.tags.includes('iconic')).sort(byPopularity);
  const fresh = live.slice().sort((a, b) => b.launchDate.getTime() - a.launchDate.getTime() || a.id.localeCompare(b.id));
  const upcoming = products.filter((p) => p.stockStatus === 'PREORDER').sort(byPopularity);
  const gifts = live.filter((p) => p.tags.includes('gift')).sort(byPopularity);
  const heritage = live.filter((p) => p.tags.includes('handcrafted')).sort(byPopularity);

  const collections: Array<Omit<SeedCollection, 'position'>> = [
    editorial('The Icons', 'The pieces each house is known for.', icons.slice(1, size + 1), icons[0], 1),
    editorial('New Season Edit', 'Just arrived, and what lands next.', fresh.slice(0, size), upcoming[0], 2),
    editorial('The Gift Edit', 'Chosen by our stylists for the people you love.', gifts.slice(1, size + 1), gifts[0], 1),
    editorial('Made by Hand', 'Atelier pieces from the haute maisons.', heritage.slice(1, size + 1), heritage[0], 1),
  ];
  for (const definition of ruleBased) {
    const matching = products.filter((p) => matchesRule(p, definition.rule.match));
    const hero = matching.filter((p) => p.stockStatus === 'IN_STOCK').sort(byPopularity)[0];
    const entries: SeedCollectionEntry[] = hero ? [{ productId: hero.id, role: 'PIN', position: 1 }] : [];
    for (const p of matching.filter((m) => m.stockStatus === 'DISCONTINUED').slice(0, 3)) {
      entries.push({ productId: p.id, role: 'EXCLUSION', position: null });
    }
    const slug = slugify(definition.title);
    collections.push({ id: `col-${slug}`, slug, title: definition.title, description: definition.description, kind: 'RULE_BASED', rule: definition.rule, entries });
  }
  return collections.map((c, position) => ({ ...c, position }));
}
