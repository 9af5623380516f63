import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { assertNoProblems, type Problem } from '../../errors.js';
import type { GraphQLContext } from '../context.js';
import { ConsentInput, ErasureReport, ShopperDataExport } from '../types/privacy.js';
import { User } from '../types/shopper.js';

/** The shopper an operation is about; a shopper token fills it in (src/auth/policy.ts). */
function shopperId(value: string | null | undefined, field: string): string {
  const problems: Problem[] = [];
  if (value == null) problems.push({ field, message: 'required: the shopper\'s id (a SHOPPER token may leave it out to mean itself)' });
  else if (value.trim() === '' || value.length > 128) problems.push({ field, message: 'must be 1 to 128 characters' });
  assertNoProblems(problems);
  return value!;
}

@Resolver()
export class PrivacyResolver {
  @Mutation(() => User, { description: 'Changes a shopper\'s consent; the next page and the next training follow it. A shopper not seen before is created with these choices.' })
  async setConsent(
    @Arg('consent', () => ConsentInput) consent: ConsentInput,
    @Ctx() { privacy }: GraphQLContext,
    @Arg('userId', () => ID, { nullable: true, description: 'Left out by a SHOPPER token: itself.' }) userId?: string | null,
  ) {
    const id = shopperId(userId, 'userId');
    const flags = {
      ...(consent.personalization != null && { personalization: consent.personalization }),
      ...(consent.purchaseHistory != null && { purchaseHistory: consent.purchaseHistory }),
      ...(consent.aspirationalBrowsing != null && { aspirationalBrowsing: consent.aspirationalBrowsing }),
    };
    if (Object.keys(flags).length === 0) assertNoProblems([{ field: 'consent', message: 'give at least one of personalization, purchaseHistory, aspirationalBrowsing' }]);
    return privacy.setConsent(id, flags);
  }

  @Query(() => ShopperDataExport, { description: 'Everything held about a shopper: profile, consent, interactions, impressions, experiment exposures, in-memory state.' })
  exportMyData(@Ctx() { privacy }: GraphQLContext, @Arg('userId', () => ID, { nullable: true, description: 'Left out by a SHOPPER token: itself.' }) userId?: string | null) {
    return privacy.exportData(shopperId(userId, 'userId'));
  }

  @Mutation(() => ErasureReport, {
    description: 'Deletes everything held about a shopper (profile, interactions, impressions, experiment exposures, cached state and vectors, on every gateway). Erasing an unknown shopper deletes nothing and is not an error.',
  })
  async eraseShopper(@Ctx() { privacy }: GraphQLContext, @Arg('id', () => ID, { nullable: true, description: 'Left out by a SHOPPER token: itself.' }) id?: string | null): Promise<ErasureReport> {
    const userId = shopperId(id, 'id');
    const counts = await privacy.erase(userId);
    return { userId, profileDeleted: counts.profile, interactions: counts.interactions, impressions: counts.impressions, experimentExposures: counts.experimentExposures };
  }
}
