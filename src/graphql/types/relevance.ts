import { Field, Float, ObjectType } from 'type-graphql';
import { Product } from './catalog.js';

@ObjectType({ description: 'A product with its relevance score (cosine similarity, or popularity without a model).' })
export class ScoredProduct {
  productId!: string;

  @Field(() => Product)
  product!: Product;

  @Field(() => Float)
  score!: number;
}
