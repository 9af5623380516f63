import { SeededRandom } from '../../src/model/random.js';
import type { ItemFeatures, UserFeatures } from '../../src/model/features.js';
import type { Interaction } from '../../src/model/train.js';

/** Catalog and shoppers with planted taste clusters: shoppers of cluster c buy cluster c. */
export interface PlantedWorld {
  clusters: number;
  items: ItemFeatures[];
  itemCluster: number[];
  users: UserFeatures[];
  userCluster: number[];
  train: Interaction[];
  test: Interaction[];
}

const STYLES = [
  { brand: 'Maison Noir', category: 'evening-dress', colour: 'black', material: 'silk', words: 'gown satin gala' },
  { brand: 'Alpine Co', category: 'outerwear', colour: 'navy', material: 'wool', words: 'parka warm hood' },
  { brand: 'Riviera', category: 'swimwear', colour: 'coral', material: 'lycra', words: 'bikini beach sun' },
  { brand: 'Atelier Cuir', category: 'handbag', colour: 'tan', material: 'leather', words: 'tote clasp strap' },
];

export function plantedWorld({ itemsPerCluster = 40, usersPerCluster = 30, perUser = 16, seed = 7 } = {}): PlantedWorld {
  const random = new SeededRandom(seed);
  const clusters = STYLES.length;
  const items: ItemFeatures[] = [];
  const itemCluster: number[] = [];
  STYLES.forEach((_style, c) => {
    for (let i = 0; i < itemsPerCluster; i++) {
      items.push(plantedItem(`item-${c}-${i}`, c, random));
      itemCluster.push(c);
    }
  });
  const users: UserFeatures[] = [];
  const userCluster: number[] = [];
  const train: Interaction[] = [];
  const test: Interaction[] = [];
  for (let c = 0; c < clusters; c++) {
    for (let u = 0; u < usersPerCluster; u++) {
      const user = users.length;
      const own = Array.from({ length: itemsPerCluster }, (_, i) => c * itemsPerCluster + i);
      random.shuffle(own);
      const chosen = own.slice(0, perUser);
      const held = chosen.slice(0, 4);
      const seen = chosen.slice(4);
      seen.forEach((item) => train.push({ user, item }));
      held.forEach((item) => test.push({ user, item }));
      users.push({
        id: `user-${c}-${u}`,
        recent: seen.map((item, age) => ({ itemIndex: item, type: 'PURCHASE', ageDays: age })),
        favouriteBrands: [STYLES[c]!.brand],
        context: { device: 'MOBILE', hourOfDay: 20 },
      });
      userCluster.push(c);
    }
  }
  return { clusters, items, itemCluster, users, userCluster, train, test };
}

/** An item carrying cluster c's brand, category, colour, material and vocabulary. */
export function plantedItem(id: string, c: number, random: SeededRandom): ItemFeatures {
  const style = STYLES[c]!;
  return {
    id,
    brand: style.brand,
    category: style.category,
    colour: style.colour,
    material: style.material,
    season: 'ALL_SEASON',
    price: 100 * (c + 1) * (0.8 + 0.4 * random.next()),
    title: `${style.words.split(' ')[random.int(3)]} ${id}`,
    description: style.words,
  };
}
