/**
 * Merchandising rules: the curatorial voice. Rules are data (stored as JSON, validated on
 * write) and are applied after ranking, so they always win over the model.
 */

/** Which products a rule concerns; every listed condition must hold (one listed value each). */
export interface ProductSelector {
  productIds?: string[];
  brandIds?: string[];
  categories?: string[];
  colours?: string[];
  materials?: string[];
  tags?: string[];
  priceMin?: number;
  priceMax?: number;
}

/** Where a rule applies: all rows when empty; otherwise rows of these kinds or ids, and regions. */
export interface RuleScope {
  rowKinds?: string[];
  rowIds?: string[];
  regions?: string[];
}

export type MerchandisingRule =
  /** Holds a product at a 1-based slot of the scoped rows. */
  | { type: 'PIN'; productId: string; position: number; scope?: RuleScope }
  /** Never shows the selected products. */
  | { type: 'EXCLUDE'; select: ProductSelector; scope?: RuleScope }
  /** Adds `amount` (0 < amount ≤ 1) to the score of selected products. */
  | { type: 'BOOST'; select: ProductSelector; amount: number; scope?: RuleScope }
  /** Subtracts `amount` (0 < amount ≤ 1) from the score of selected products. */
  | { type: 'BURY'; select: ProductSelector; amount: number; scope?: RuleScope }
  /** Products of these two brands are never adjacent in a row. */
  | { type: 'SEPARATE_BRANDS'; brandIds: [string, string]; scope?: RuleScope }
  /** Selected products (e.g. a brand) are shown only while in stock. */
  | { type: 'ONLY_IN_STOCK'; select: ProductSelector; scope?: RuleScope }
  /** Hides selected products (e.g. a brand) in the listed regions. */
  | { type: 'HIDE_IN_REGIONS'; select: ProductSelector; regions: string[] }
  /**
   * How far above a shopper's observed price band items may appear (`maxAboveBand` = 0.5: up to
   * 50% above the band's top), and whether browsing of out-of-budget items may shape
   * recommendations at all (also subject to the shopper's consent).
   */
  | { type: 'ASPIRATIONAL_PRICE'; maxAboveBand: number; useOutOfBudgetBrowsing: boolean };

export interface StoredRule {
  id: string;
  name: string;
  rule: MerchandisingRule;
  active: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
}
