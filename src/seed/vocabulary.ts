import type { Occasion, Season } from '../generated/prisma/enums.js';
import type { StyleLeaning } from './taste.js';

/**
 * Hand-curated vocabulary of the demo catalog. Every maison is invented; none is, or imitates,
 * a real trademark.
 */

export type BrandTier = 'haute' | 'luxury' | 'premium' | 'contemporary';

export type Department = 'bags' | 'shoes' | 'ready-to-wear' | 'accessories' | 'fine-jewellery' | 'watches';

export interface Maison {
  name: string;
  tier: BrandTier;
  country: string;
  city: string;
  style: StyleLeaning;
  /** Specialist houses sell only these departments; others sell everything. */
  departments?: Department[];
}

/** Multiplies a category's base price. */
export const tierPriceFactor: Record<BrandTier, number> = {
  haute: 2.4,
  luxury: 1.5,
  premium: 1,
  contemporary: 0.55,
};

export const maisons: Maison[] = [
  { name: 'Maison Aurelle', tier: 'haute', country: 'France', city: 'Paris', style: { classic: 1, opulent: 0.8 } },
  { name: 'Belcourt', tier: 'haute', country: 'France', city: 'Paris', style: { classic: 0.9, minimal: 0.8 } },
  { name: 'Maison Fauvelle', tier: 'haute', country: 'France', city: 'Paris', style: { opulent: 1, bold: 0.8 } },
  { name: 'Monteverre', tier: 'haute', country: 'Switzerland', city: 'Geneva', style: { classic: 1, tailored: 0.7 }, departments: ['watches', 'fine-jewellery'] },
  { name: 'Casa Velluto', tier: 'luxury', country: 'Italy', city: 'Milan', style: { opulent: 0.9, romantic: 0.7 } },
  { name: 'Ostrander & Vale', tier: 'luxury', country: 'United Kingdom', city: 'London', style: { classic: 0.9, tailored: 0.9 } },
  { name: 'Varenzi', tier: 'luxury', country: 'Italy', city: 'Florence', style: { bold: 0.9, opulent: 0.7 } },
  { name: 'Serafina Lune', tier: 'luxury', country: 'Italy', city: 'Rome', style: { romantic: 1, classic: 0.4 } },
  { name: 'Orsolina', tier: 'luxury', country: 'Italy', city: 'Milan', style: { romantic: 0.8, opulent: 0.8 } },
  { name: 'Delacroix-Marchal', tier: 'luxury', country: 'France', city: 'Lyon', style: { tailored: 1, minimal: 0.5 } },
  { name: 'Solenne', tier: 'luxury', country: 'France', city: 'Paris', style: { minimal: 0.9, romantic: 0.6 } },
  { name: 'Fratelli Albrizzi', tier: 'luxury', country: 'Italy', city: 'Naples', style: { tailored: 1, classic: 0.8 }, departments: ['ready-to-wear', 'shoes', 'accessories'] },
  { name: 'Anselme', tier: 'luxury', country: 'Belgium', city: 'Antwerp', style: { avantGarde: 1, minimal: 0.7 } },
  { name: 'Genevrier', tier: 'luxury', country: 'Switzerland', city: 'Geneva', style: { classic: 0.7, minimal: 0.8 }, departments: ['watches', 'fine-jewellery'] },
  { name: 'Cordova Reale', tier: 'luxury', country: 'Spain', city: 'Madrid', style: { opulent: 0.9, classic: 0.7 } },
  { name: 'Kobo Nakaya', tier: 'luxury', country: 'Japan', city: 'Kyoto', style: { minimal: 1, avantGarde: 0.5 } },
  { name: 'Duval Saint-Clair', tier: 'luxury', country: 'France', city: 'Paris', style: { romantic: 0.9, opulent: 0.6 } },
  { name: 'Aster & Thorne', tier: 'luxury', country: 'United Kingdom', city: 'London', style: { bold: 0.9, avantGarde: 0.8 } },
  { name: 'Atelier Noctis', tier: 'premium', country: 'France', city: 'Paris', style: { avantGarde: 1, bold: 0.4 } },
  { name: 'Maison Kagero', tier: 'premium', country: 'Japan', city: 'Tokyo', style: { avantGarde: 0.9, minimal: 0.8 } },
  { name: 'Calloway & Finch', tier: 'premium', country: 'United Kingdom', city: 'London', style: { classic: 0.8, sporty: 0.7 } },
  { name: 'Valderra', tier: 'premium', country: 'Spain', city: 'Barcelona', style: { classic: 0.9, romantic: 0.3 }, departments: ['bags', 'shoes', 'accessories'] },
  { name: 'Hollis Mercer', tier: 'premium', country: 'United States', city: 'New York', style: { sporty: 0.9, minimal: 0.7 } },
  { name: 'Eldenhoff', tier: 'premium', country: 'Germany', city: 'Munich', style: { minimal: 0.9, tailored: 0.8 } },
  { name: 'Rive Ombrée', tier: 'premium', country: 'France', city: 'Marseille', style: { avantGarde: 0.8, romantic: 0.5 } },
  { name: 'Vireo Milano', tier: 'premium', country: 'Italy', city: 'Milan', style: { bold: 0.9, sporty: 0.7 } },
  { name: 'Ivel & Rook', tier: 'premium', country: 'United Kingdom', city: 'London', style: { avantGarde: 0.7, tailored: 0.8 } },
  { name: 'Tessaro', tier: 'premium', country: 'Italy', city: 'Bologna', style: { tailored: 0.9, classic: 0.6 } },
  { name: 'Wren Halloway', tier: 'premium', country: 'United States', city: 'Los Angeles', style: { romantic: 0.8, sporty: 0.5 } },
  { name: 'Halvorsen Studio', tier: 'contemporary', country: 'Denmark', city: 'Copenhagen', style: { minimal: 0.9, sporty: 0.8 } },
  { name: 'Ferreira Doce', tier: 'contemporary', country: 'Portugal', city: 'Porto', style: { romantic: 0.9, bold: 0.5 } },
  { name: 'Brisa Azul', tier: 'contemporary', country: 'Spain', city: 'Valencia', style: { bold: 0.9, romantic: 0.6 } },
  { name: 'Ashgrove & Co.', tier: 'contemporary', country: 'United States', city: 'Boston', style: { sporty: 1, classic: 0.4 } },
  { name: 'Lindqvist Form', tier: 'contemporary', country: 'Sweden', city: 'Stockholm', style: { minimal: 1, avantGarde: 0.4 } },
  { name: 'Atelier Seoyun', tier: 'contemporary', country: 'South Korea', city: 'Seoul', style: { avantGarde: 0.8, bold: 0.8 } },
  { name: 'Oakhurst Row', tier: 'contemporary', country: 'United Kingdom', city: 'Manchester', style: { classic: 0.7, sporty: 0.9 } },
];

export type SizeSystem = 'clothing' | 'shoes' | 'rings' | 'belts' | 'one-size';

export type Silhouette =
  | 'tote'
  | 'shoulder-bag'
  | 'clutch'
  | 'backpack'
  | 'shoe'
  | 'boot'
  | 'coat'
  | 'top'
  | 'dress'
  | 'trousers'
  | 'scarf'
  | 'sunglasses'
  | 'belt'
  | 'card-holder'
  | 'gloves'
  | 'necklace'
  | 'earrings'
  | 'bracelet'
  | 'ring'
  | 'watch';

export interface Category {
  name: string;
  department: Department;
  /** Price range in EUR at the premium tier, before material and tier factors. */
  basePrice: [number, number];
  materials: string[];
  /** Restricts colours (jewellery comes in metal colours); otherwise any colour fits. */
  colours?: string[];
  seasons: Partial<Record<Season, number>>;
  occasions: Occasion[];
  sizes: SizeSystem;
  silhouette: Silhouette;
  style: StyleLeaning;
  /** Words placed before the category name in a title ("mini", "85mm"). */
  variants: string[];
}

const leathers = ['Saffiano leather', 'calfskin', 'lambskin', 'grained leather', 'patent leather', 'suede', 'crocodile-embossed leather'];
const bagMaterials = [...leathers, 'canvas', 'technical nylon', 'tweed'];
const shoeMaterials = ['calfskin', 'patent leather', 'suede', 'lambskin', 'grained leather'];
const metalColours = ['yellow gold', 'rose gold', 'silver', 'champagne gold'];

export const categories: Category[] = [
  { name: 'tote', department: 'bags', basePrice: [900, 2600], materials: bagMaterials, seasons: { ALL_SEASON: 6, SPRING: 1, SUMMER: 1 }, occasions: ['EVERYDAY', 'WORK', 'TRAVEL'], sizes: 'one-size', silhouette: 'tote', style: { classic: 0.6, minimal: 0.6 }, variants: ['', 'mini', 'medium', 'large', 'East-West'] },
  { name: 'shoulder bag', department: 'bags', basePrice: [1100, 3200], materials: bagMaterials, seasons: { ALL_SEASON: 6, AUTUMN: 1 }, occasions: ['EVERYDAY', 'EVENING', 'WORK'], sizes: 'one-size', silhouette: 'shoulder-bag', style: { classic: 0.7, romantic: 0.4 }, variants: ['', 'small', 'medium', 'quilted', 'chain'] },
  { name: 'clutch', department: 'bags', basePrice: [700, 2200], materials: ['lambskin', 'patent leather', 'suede', 'silk satin', 'crocodile-embossed leather', 'gold-plated brass'], seasons: { ALL_SEASON: 5, SUMMER: 1 }, occasions: ['EVENING', 'WEDDING', 'GIFT'], sizes: 'one-size', silhouette: 'clutch', style: { opulent: 0.9, romantic: 0.5 }, variants: ['', 'envelope', 'pleated', 'minaudière'] },
  { name: 'crossbody bag', department: 'bags', basePrice: [800, 2000], materials: bagMaterials, seasons: { ALL_SEASON: 5, SUMMER: 2 }, occasions: ['EVERYDAY', 'TRAVEL', 'HOLIDAY'], sizes: 'one-size', silhouette: 'shoulder-bag', style: { sporty: 0.6, minimal: 0.4 }, variants: ['', 'mini', 'camera', 'saddle'] },
  { name: 'top-handle bag', department: 'bags', basePrice: [1500, 4200], materials: leathers, seasons: { ALL_SEASON: 6 }, occasions: ['WORK', 'EVENING', 'GIFT'], sizes: 'one-size', silhouette: 'tote', style: { classic: 0.9, tailored: 0.5 }, variants: ['', 'small', 'medium', 'structured'] },
  { name: 'backpack', department: 'bags', basePrice: [700, 1800], materials: ['technical nylon', 'grained leather', 'canvas', 'calfskin'], seasons: { ALL_SEASON: 5, AUTUMN: 1 }, occasions: ['TRAVEL', 'EVERYDAY', 'SPORT'], sizes: 'one-size', silhouette: 'backpack', style: { sporty: 0.9, avantGarde: 0.3 }, variants: ['', 'small', 'drawstring', 'zip'] },
  { name: 'loafer', department: 'shoes', basePrice: [550, 1100], materials: shoeMaterials, seasons: { ALL_SEASON: 4, SPRING: 2, AUTUMN: 2 }, occasions: ['WORK', 'EVERYDAY', 'TRAVEL'], sizes: 'shoes', silhouette: 'shoe', style: { classic: 0.8, tailored: 0.7 }, variants: ['', 'horsebit', 'penny', 'lug-sole', 'tasselled'] },
  { name: 'pump', department: 'shoes', basePrice: [550, 1200], materials: ['patent leather', 'suede', 'calfskin', 'lambskin', 'silk satin'], seasons: { ALL_SEASON: 4, SPRING: 1, SUMMER: 1 }, occasions: ['EVENING', 'WEDDING', 'WORK'], sizes: 'shoes', silhouette: 'shoe', style: { opulent: 0.6, romantic: 0.6, tailored: 0.4 }, variants: ['', '85mm', '100mm', 'slingback', 'pointed'] },
  { name: 'sneaker', department: 'shoes', basePrice: [400, 900], materials: ['calfskin', 'suede', 'technical nylon', 'canvas', 'grained leather'], seasons: { ALL_SEASON: 4, SPRING: 2, SUMMER: 2 }, occasions: ['EVERYDAY', 'SPORT', 'TRAVEL'], sizes: 'shoes', silhouette: 'shoe', style: { sporty: 1, bold: 0.3 }, variants: ['', 'low-top', 'high-top', 'runner', 'court'] },
  { name: 'ankle boot', department: 'shoes', basePrice: [750, 1500], materials: ['calfskin', 'suede', 'grained leather', 'patent leather'], seasons: { AUTUMN: 4, WINTER: 4, ALL_SEASON: 1 }, occasions: ['EVERYDAY', 'WORK', 'EVENING'], sizes: 'shoes', silhouette: 'boot', style: { avantGarde: 0.5, classic: 0.5 }, variants: ['', 'Chelsea', 'lace-up', 'heeled', 'combat'] },
  { name: 'sandal', department: 'shoes', basePrice: [450, 1000], materials: ['calfskin', 'lambskin', 'suede', 'silk satin'], seasons: { SUMMER: 6, SPRING: 2 }, occasions: ['HOLIDAY', 'WEDDING', 'EVENING'], sizes: 'shoes', silhouette: 'shoe', style: { romantic: 0.7, bold: 0.3 }, variants: ['', 'flat', 'strappy', 'platform', 'mule'] },
  { name: 'ballet flat', department: 'shoes', basePrice: [450, 850], materials: ['lambskin', 'patent leather', 'suede', 'calfskin'], seasons: { SPRING: 3, SUMMER: 2, ALL_SEASON: 3 }, occasions: ['EVERYDAY', 'WORK', 'TRAVEL'], sizes: 'shoes', silhouette: 'shoe', style: { romantic: 0.7, classic: 0.6 }, variants: ['', 'bow', 'Mary Jane', 'square-toe'] },
  { name: 'trench coat', department: 'ready-to-wear', basePrice: [1400, 3200], materials: ['cotton gabardine', 'wool gabardine', 'technical nylon', 'calfskin'], seasons: { SPRING: 4, AUTUMN: 4, ALL_SEASON: 1 }, occasions: ['WORK', 'TRAVEL', 'EVERYDAY'], sizes: 'clothing', silhouette: 'coat', style: { classic: 1, tailored: 0.6 }, variants: ['', 'belted', 'double-breasted', 'cropped', 'oversized'] },
  { name: 'wool coat', department: 'ready-to-wear', basePrice: [1600, 3800], materials: ['cashmere', 'merino wool', 'tweed', 'wool gabardine'], seasons: { WINTER: 6, AUTUMN: 3 }, occasions: ['WORK', 'EVERYDAY', 'EVENING'], sizes: 'clothing', silhouette: 'coat', style: { classic: 0.7, minimal: 0.6 }, variants: ['', 'wrap', 'double-faced', 'long', 'cocoon'] },
  { name: 'blazer', department: 'ready-to-wear', basePrice: [900, 2400], materials: ['wool gabardine', 'tweed', 'linen', 'cashmere', 'silk satin'], seasons: { ALL_SEASON: 4, SPRING: 2, AUTUMN: 2 }, occasions: ['WORK', 'EVENING', 'EVERYDAY'], sizes: 'clothing', silhouette: 'coat', style: { tailored: 1, classic: 0.5 }, variants: ['', 'single-breasted', 'double-breasted', 'boxy', 'tuxedo'] },
  { name: 'cashmere sweater', department: 'ready-to-wear', basePrice: [550, 1400], materials: ['cashmere', 'merino wool'], seasons: { WINTER: 5, AUTUMN: 4, ALL_SEASON: 1 }, occasions: ['EVERYDAY', 'TRAVEL', 'GIFT'], sizes: 'clothing', silhouette: 'top', style: { minimal: 0.9, classic: 0.5 }, variants: ['', 'crewneck', 'turtleneck', 'V-neck', 'cable-knit'] },
  { name: 'silk blouse', department: 'ready-to-wear', basePrice: [450, 1200], materials: ['silk twill', 'silk satin', 'linen'], seasons: { SPRING: 3, SUMMER: 3, ALL_SEASON: 2 }, occasions: ['WORK', 'EVENING', 'EVERYDAY'], sizes: 'clothing', silhouette: 'top', style: { romantic: 0.7, tailored: 0.5 }, variants: ['', 'pussy-bow', 'wrap', 'oversized', 'pleated'] },
  { name: 'evening dress', department: 'ready-to-wear', basePrice: [1200, 4500], materials: ['silk satin', 'silk twill', 'tweed', 'linen'], seasons: { ALL_SEASON: 3, SUMMER: 2, SPRING: 2 }, occasions: ['EVENING', 'WEDDING', 'HOLIDAY'], sizes: 'clothing', silhouette: 'dress', style: { opulent: 0.8, romantic: 0.8 }, variants: ['', 'bias-cut', 'draped', 'column', 'midi'] },
  { name: 'tailored trousers', department: 'ready-to-wear', basePrice: [450, 1100], materials: ['wool gabardine', 'linen', 'cashmere', 'silk satin'], seasons: { ALL_SEASON: 4, SPRING: 1, AUTUMN: 1 }, occasions: ['WORK', 'EVERYDAY', 'TRAVEL'], sizes: 'clothing', silhouette: 'trousers', style: { tailored: 1, minimal: 0.6 }, variants: ['', 'wide-leg', 'pleated', 'cigarette', 'high-rise'] },
  { name: 'silk scarf', department: 'accessories', basePrice: [250, 650], materials: ['silk twill', 'silk satin', 'cashmere'], seasons: { ALL_SEASON: 5, SPRING: 1, WINTER: 1 }, occasions: ['GIFT', 'EVERYDAY', 'TRAVEL'], sizes: 'one-size', silhouette: 'scarf', style: { classic: 0.7, romantic: 0.6 }, variants: ['', '90cm', 'bandeau', 'printed', 'fringed'] },
  { name: 'sunglasses', department: 'accessories', basePrice: [280, 650], materials: ['acetate', 'titanium', 'gold-plated brass'], seasons: { SUMMER: 5, SPRING: 2, ALL_SEASON: 2 }, occasions: ['HOLIDAY', 'TRAVEL', 'EVERYDAY'], sizes: 'one-size', silhouette: 'sunglasses', style: { bold: 0.7, sporty: 0.4 }, variants: ['', 'cat-eye', 'aviator', 'square', 'oversized'] },
  { name: 'belt', department: 'accessories', basePrice: [300, 800], materials: ['calfskin', 'grained leather', 'patent leather', 'suede', 'crocodile-embossed leather'], seasons: { ALL_SEASON: 6 }, occasions: ['WORK', 'EVERYDAY', 'GIFT'], sizes: 'belts', silhouette: 'belt', style: { tailored: 0.6, classic: 0.6 }, variants: ['', 'reversible', 'logo-buckle', 'slim', 'wide'] },
  { name: 'card holder', department: 'accessories', basePrice: [220, 520], materials: ['Saffiano leather', 'calfskin', 'grained leather', 'crocodile-embossed leather', 'lambskin'], seasons: { ALL_SEASON: 6 }, occasions: ['GIFT', 'WORK', 'EVERYDAY'], sizes: 'one-size', silhouette: 'card-holder', style: { minimal: 0.7, tailored: 0.4 }, variants: ['', 'zip', 'folding', 'slim'] },
  { name: 'gloves', department: 'accessories', basePrice: [250, 600], materials: ['lambskin', 'cashmere', 'suede'], seasons: { WINTER: 5, AUTUMN: 3 }, occasions: ['GIFT', 'EVERYDAY', 'TRAVEL'], sizes: 'clothing', silhouette: 'gloves', style: { classic: 0.8, romantic: 0.3 }, variants: ['', 'cashmere-lined', 'opera-length', 'driving'] },
  { name: 'necklace', department: 'fine-jewellery', basePrice: [900, 6000], materials: ['18k yellow gold', '18k rose gold', 'sterling silver', 'gold-plated brass'], colours: metalColours, seasons: { ALL_SEASON: 6 }, occasions: ['GIFT', 'EVENING', 'WEDDING'], sizes: 'one-size', silhouette: 'necklace', style: { opulent: 0.8, romantic: 0.6 }, variants: ['', 'pendant', 'chain', 'pearl', 'collar'] },
  { name: 'earrings', department: 'fine-jewellery', basePrice: [600, 4500], materials: ['18k yellow gold', '18k rose gold', 'sterling silver', 'gold-plated brass'], colours: metalColours, seasons: { ALL_SEASON: 6 }, occasions: ['GIFT', 'EVENING', 'WEDDING'], sizes: 'one-size', silhouette: 'earrings', style: { opulent: 0.7, bold: 0.4 }, variants: ['', 'hoop', 'drop', 'stud', 'chandelier'] },
  { name: 'bracelet', department: 'fine-jewellery', basePrice: [700, 5500], materials: ['18k yellow gold', '18k rose gold', 'sterling silver', 'gold-plated brass'], colours: metalColours, seasons: { ALL_SEASON: 6 }, occasions: ['GIFT', 'EVENING', 'EVERYDAY'], sizes: 'one-size', silhouette: 'bracelet', style: { opulent: 0.6, classic: 0.6 }, variants: ['', 'cuff', 'bangle', 'tennis', 'link'] },
  { name: 'ring', department: 'fine-jewellery', basePrice: [500, 5000], materials: ['18k yellow gold', '18k rose gold', 'sterling silver'], colours: metalColours, seasons: { ALL_SEASON: 6 }, occasions: ['GIFT', 'WEDDING', 'EVENING'], sizes: 'rings', silhouette: 'ring', style: { opulent: 0.7, minimal: 0.4 }, variants: ['', 'signet', 'stackable', 'cocktail', 'solitaire'] },
  { name: 'watch', department: 'watches', basePrice: [2500, 12000], materials: ['stainless steel', 'titanium', '18k yellow gold', '18k rose gold'], seasons: { ALL_SEASON: 6 }, occasions: ['GIFT', 'WORK', 'EVERYDAY'], sizes: 'one-size', silhouette: 'watch', style: { classic: 0.8, tailored: 0.6 }, variants: ['', 'automatic', 'chronograph', 'dress', 'diver'] },
];

export type Texture = 'crosshatch' | 'grain' | 'gloss' | 'brushed' | 'scales' | 'knit' | 'twill' | 'sheen' | 'tweed' | 'weave' | 'ripstop' | 'metal';

export interface Material {
  name: string;
  texture: Texture;
  style: StyleLeaning;
  priceFactor: number;
  /** Metals have their own colour. */
  colours?: string[];
  /** Happy in the rain: feeds the "weatherproof" tag and rainy-day collections. */
  weatherproof?: boolean;
}

export const materials: Material[] = [
  { name: 'Saffiano leather', texture: 'crosshatch', style: { tailored: 0.8, classic: 0.5 }, priceFactor: 1.05, weatherproof: true },
  { name: 'calfskin', texture: 'grain', style: { classic: 0.8 }, priceFactor: 1 },
  { name: 'lambskin', texture: 'sheen', style: { romantic: 0.6, opulent: 0.6 }, priceFactor: 1.15 },
  { name: 'grained leather', texture: 'grain', style: { classic: 0.5, sporty: 0.5 }, priceFactor: 1, weatherproof: true },
  { name: 'patent leather', texture: 'gloss', style: { bold: 0.8, avantGarde: 0.5 }, priceFactor: 1.05, weatherproof: true },
  { name: 'suede', texture: 'brushed', style: { romantic: 0.5, classic: 0.5 }, priceFactor: 1 },
  { name: 'crocodile-embossed leather', texture: 'scales', style: { opulent: 1 }, priceFactor: 1.35 },
  { name: 'canvas', texture: 'weave', style: { sporty: 0.8, minimal: 0.3 }, priceFactor: 0.7 },
  { name: 'technical nylon', texture: 'ripstop', style: { sporty: 0.9, avantGarde: 0.5 }, priceFactor: 0.7, weatherproof: true },
  { name: 'tweed', texture: 'tweed', style: { classic: 0.8, romantic: 0.5 }, priceFactor: 1.1 },
  { name: 'cashmere', texture: 'knit', style: { minimal: 0.8, classic: 0.5 }, priceFactor: 1.25 },
  { name: 'merino wool', texture: 'knit', style: { minimal: 0.6, sporty: 0.4 }, priceFactor: 0.85 },
  { name: 'silk twill', texture: 'twill', style: { romantic: 0.7, classic: 0.5 }, priceFactor: 1 },
  { name: 'silk satin', texture: 'sheen', style: { opulent: 0.8, romantic: 0.6 }, priceFactor: 1.1 },
  { name: 'wool gabardine', texture: 'twill', style: { tailored: 1 }, priceFactor: 1 },
  { name: 'cotton gabardine', texture: 'twill', style: { classic: 0.8, tailored: 0.4 }, priceFactor: 0.9, weatherproof: true },
  { name: 'linen', texture: 'weave', style: { minimal: 0.6, romantic: 0.5 }, priceFactor: 0.8 },
  { name: 'gold-plated brass', texture: 'metal', style: { opulent: 0.6, bold: 0.5 }, priceFactor: 0.45, colours: ['champagne gold', 'yellow gold'] },
  { name: '18k yellow gold', texture: 'metal', style: { opulent: 1, classic: 0.6 }, priceFactor: 1.6, colours: ['yellow gold'] },
  { name: '18k rose gold', texture: 'metal', style: { romantic: 0.8, opulent: 0.7 }, priceFactor: 1.6, colours: ['rose gold'] },
  { name: 'sterling silver', texture: 'metal', style: { minimal: 0.8, avantGarde: 0.3 }, priceFactor: 0.55, colours: ['silver'] },
  { name: 'stainless steel', texture: 'metal', style: { sporty: 0.7, tailored: 0.5 }, priceFactor: 0.8, colours: ['silver', 'black', 'midnight blue', 'forest green', 'optic white'] },
  { name: 'titanium', texture: 'metal', style: { avantGarde: 0.7, minimal: 0.7 }, priceFactor: 0.9, colours: ['silver', 'charcoal grey', 'black'] },
  { name: 'acetate', texture: 'gloss', style: { bold: 0.8 }, priceFactor: 0.8, colours: ['black', 'cognac', 'chocolate brown', 'scarlet', 'optic white', 'blush pink', 'emerald'] },
];

export interface Colour {
  name: string;
  hex: string;
  style: StyleLeaning;
}

export const colours: Colour[] = [
  { name: 'black', hex: '#141414', style: { minimal: 0.7, tailored: 0.5 } },
  { name: 'ivory', hex: '#efe6d2', style: { classic: 0.6, romantic: 0.6 } },
  { name: 'optic white', hex: '#f7f7f4', style: { minimal: 0.8, sporty: 0.5 } },
  { name: 'camel', hex: '#c19a6b', style: { classic: 0.9 } },
  { name: 'cognac', hex: '#9a4e1c', style: { classic: 0.7, sporty: 0.3 } },
  { name: 'chocolate brown', hex: '#4a2c1e', style: { classic: 0.7, minimal: 0.3 } },
  { name: 'taupe', hex: '#8b7d6b', style: { minimal: 0.8 } },
  { name: 'sand', hex: '#d8c3a0', style: { minimal: 0.5, sporty: 0.4 } },
  { name: 'charcoal grey', hex: '#3c3d42', style: { minimal: 0.6, tailored: 0.7 } },
  { name: 'midnight blue', hex: '#1b2a49', style: { tailored: 0.8, classic: 0.5 } },
  { name: 'powder blue', hex: '#a9c6e0', style: { romantic: 0.6, minimal: 0.4 } },
  { name: 'burgundy', hex: '#6d1a2b', style: { opulent: 0.8, romantic: 0.4 } },
  { name: 'scarlet', hex: '#c41e2a', style: { bold: 1 } },
  { name: 'blush pink', hex: '#e8b4b8', style: { romantic: 1 } },
  { name: 'lilac', hex: '#b59fd0', style: { romantic: 0.6, bold: 0.5 } },
  { name: 'forest green', hex: '#224a35', style: { classic: 0.6, sporty: 0.5 } },
  { name: 'emerald', hex: '#0f7a5a', style: { opulent: 0.7, bold: 0.6 } },
  { name: 'chartreuse', hex: '#b5c72c', style: { bold: 0.9, avantGarde: 0.7 } },
  { name: 'yellow gold', hex: '#d4a93c', style: { opulent: 0.9 } },
  { name: 'rose gold', hex: '#c98f7e', style: { romantic: 0.8, opulent: 0.4 } },
  { name: 'champagne gold', hex: '#d8c18a', style: { opulent: 0.6, romantic: 0.3 } },
  { name: 'silver', hex: '#b9bcc2', style: { minimal: 0.7, avantGarde: 0.4 } },
];

export const seasons: Season[] = ['SPRING', 'SUMMER', 'AUTUMN', 'WINTER', 'ALL_SEASON'];

export const occasions: Occasion[] = ['EVERYDAY', 'WORK', 'EVENING', 'WEDDING', 'TRAVEL', 'GIFT', 'SPORT', 'HOLIDAY'];

/** Parts of a shopper's local day (rule-based collections match on them), as the core defines them. */
export { TIMES_OF_DAY as timesOfDay, timeOfDayAt, type TimeOfDay } from '../recommend/context.js';

export interface Region {
  name: string;
  /** Standard-time UTC offset in hours; daylight saving is ignored in the demo. */
  utcOffset: number;
  southernHemisphere?: boolean;
  /** Relative share of shoppers. */
  weight: number;
  /** A regional leaning, so that "trending in your region" differs between regions. */
  style: StyleLeaning;
}

export const regions: Region[] = [
  { name: 'Milan', utcOffset: 1, weight: 8, style: { opulent: 0.5, tailored: 0.4 } },
  { name: 'Paris', utcOffset: 1, weight: 10, style: { classic: 0.5, minimal: 0.4 } },
  { name: 'London', utcOffset: 0, weight: 10, style: { avantGarde: 0.4, classic: 0.4 } },
  { name: 'New York', utcOffset: -5, weight: 11, style: { sporty: 0.4, minimal: 0.4 } },
  { name: 'Los Angeles', utcOffset: -8, weight: 6, style: { sporty: 0.5, bold: 0.3 } },
  { name: 'Tokyo', utcOffset: 9, weight: 9, style: { avantGarde: 0.5, minimal: 0.5 } },
  { name: 'Seoul', utcOffset: 9, weight: 6, style: { bold: 0.4, avantGarde: 0.4 } },
  { name: 'Shanghai', utcOffset: 8, weight: 8, style: { opulent: 0.5, bold: 0.3 } },
  { name: 'Hong Kong', utcOffset: 8, weight: 6, style: { opulent: 0.4, classic: 0.4 } },
  { name: 'Singapore', utcOffset: 8, weight: 5, style: { minimal: 0.4, sporty: 0.3 } },
  { name: 'Dubai', utcOffset: 4, weight: 7, style: { opulent: 0.7, bold: 0.3 } },
  { name: 'Geneva', utcOffset: 1, weight: 3, style: { classic: 0.6, tailored: 0.3 } },
  { name: 'Munich', utcOffset: 1, weight: 4, style: { tailored: 0.5, minimal: 0.3 } },
  { name: 'Madrid', utcOffset: 1, weight: 4, style: { romantic: 0.4, bold: 0.3 } },
  { name: 'Sydney', utcOffset: 10, southernHemisphere: true, weight: 3, style: { sporty: 0.5, romantic: 0.3 } },
];

export const sizeRanges: Record<Exclude<SizeSystem, 'one-size'>, string[]> = {
  clothing: ['XS', 'S', 'M', 'L', 'XL'],
  shoes: ['EU 35', 'EU 36', 'EU 37', 'EU 38', 'EU 39', 'EU 40', 'EU 41', 'EU 42', 'EU 43', 'EU 44', 'EU 45'],
  rings: ['ring 48', 'ring 50', 'ring 52', 'ring 54', 'ring 56', 'ring 58'],
  belts: ['belt 75', 'belt 80', 'belt 85', 'belt 90', 'belt 95', 'belt 100'],
};

/** Names of product lines, used in some titles ("The Aurelia tote"). */
export const lineNames = [
  'Aurelia', 'Lune', 'Cassia', 'Marais', 'Brera', 'Riviera', 'Solstice', 'Camille', 'Orsay', 'Vela',
  'Isola', 'Margaux', 'Tivoli', 'Arles', 'Celeste', 'Ondine', 'Saint-Honoré', 'Portofino', 'Mayfair',
  'Ginza', 'Alba', 'Nocturne', 'Verona', 'Etoile', 'Sable', 'Capri', 'Ravel', 'Fleur', 'Atlas', 'Mira',
];

export const referrers = ['home', 'search', 'collection', 'product', 'newsletter', 'instagram', 'paid-search', 'direct'] as const;
