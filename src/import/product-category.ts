// Words that qualify a product rather than name it: colours, sizes, patterns, themes.
const MODIFIERS = new Set([
  'assorted', 'black', 'blue', 'brown', 'colour', 'colours', 'cream', 'design', 'designs', 'dot', 'dots',
  'flock', 'gold', 'green', 'grey', 'ivory', 'jumbo', 'large', 'london', 'medium', 'metal', 'mini', 'orange',
  'paisley', 'pink', 'polka', 'polkadot', 'purple', 'red', 'retrospot', 'set', 'sets', 'silver', 'size', 'small',
  'spot', 'spots', 'spotty', 'vintage', 'white', 'yellow', 'zinc',
]);
const KEEP_FINAL_S = /(ss|us|is)$/;

/**
 * A coarse category for a product known only by its description: the last word that names a
 * thing, singular and lower-cased ("WHITE HANGING HEART T-LIGHT HOLDER" → "holder",
 * "JUMBO BAG RED RETROSPOT" → "bag"). Descriptions without such a word fall in "other".
 */
export function categoryFromDescription(description: string): string {
  const words = significantWords(description);
  const noun = [...words].reverse().find((word) => !MODIFIERS.has(word));
  return noun ? singular(noun) : 'other';
}

/** The description's words of three letters or more, lower-cased, in order. */
export function significantWords(description: string): string[] {
  return description
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length >= 3);
}

function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(x|ch|sh|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !KEEP_FINAL_S.test(word)) return word.slice(0, -1);
  return word;
}
