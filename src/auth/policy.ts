import type { GraphQLContext } from '../graphql/context.js';
import { forbidden, unauthenticated } from './errors.js';
import type { Principal, Role } from './principal.js';

export type Caller = Role | 'ANONYMOUS';

export interface Call {
  /** `Query.homeRows`, `Mutation.recordInteractions`, ... */
  field: string;
  principal: Principal | null;
  args: Record<string, unknown>;
  context: GraphQLContext;
}

/** Returns the arguments to resolve with (a shopper's own id filled in), or throws a denial. */
export type Check = (call: Call) => Record<string, unknown> | Promise<Record<string, unknown>>;
/** `true`: allowed as asked; a check: allowed on conditions. A caller left out is denied. */
export type Grant = true | Check;
export type FieldPolicy = Partial<Record<Caller, Grant>>;

const SELF_ONLY = 'A shopper token may only read or change its own shopper\'s data.';

/**
 * SHOPPER: `arg` must be the token's subject; left out, it becomes the subject ("myself"). The
 * denial is the same whether or not the other shopper exists.
 */
const ownShopper = (arg: string): Check => ({ principal, args }) => {
  const value = args[arg];
  if (value === undefined || value === null) return { ...args, [arg]: principal!.subject };
  if (value !== principal!.subject) throw forbidden(SELF_ONLY);
  return args;
};

/** SHOPPER recording events: every event must be theirs. */
const ownEvents: Check = ({ principal, args }) => {
  const events = Array.isArray(args.events) ? (args.events as { userId?: unknown }[]) : [];
  if (events.some((e) => e?.userId !== principal!.subject)) throw forbidden(SELF_ONLY);
  return args;
};

/** ANONYMOUS: the non-personalised page only; naming a shopper needs a token. */
const anonymousOnly = (arg: string): Check => ({ field, args }) => {
  if (args[arg] !== undefined && args[arg] !== null) throw unauthenticated(`${field} for a given shopper needs a token: send "Authorization: Bearer <token>".`);
  return args;
};

/**
 * MERCHANDISER: previews of one shopper only where that shopper consented to personalization.
 * An unknown shopper gets the same denial, so the answer never tells who exists.
 */
const consentingShopper = (arg: string): Check => async ({ args, context }) => {
  const id = args[arg];
  if (id === undefined || id === null) return args;
  const shopper = typeof id === 'string' ? await context.loaders.shopper.load(id) : null;
  if (!shopper?.consent.personalization) throw forbidden('Previews of an individual shopper need that shopper\'s consent to personalization.');
  return args;
};

const everyone: FieldPolicy = { ANONYMOUS: true, SHOPPER: true, STOREFRONT: true, MERCHANDISER: true, ADMIN: true };
const merchandising: FieldPolicy = { MERCHANDISER: true, ADMIN: true };
const adminOnly: FieldPolicy = { ADMIN: true };
/** A shopper's page: the storefront for anyone, the shopper for themselves, previews with consent. */
const shopperPage = (arg: string): FieldPolicy => ({
  ANONYMOUS: anonymousOnly(arg),
  SHOPPER: ownShopper(arg),
  STOREFRONT: true,
  MERCHANDISER: consentingShopper(arg),
  ADMIN: true,
});
/** Privacy operations: the shopper for themselves, an admin for anyone. */
const privacyOperation = (arg: string): FieldPolicy => ({ SHOPPER: ownShopper(arg), ADMIN: true });

/**
 * Who may use each root field. Every Query and Mutation field needs an entry: a field without one
 * is denied to everybody (test/auth/roles.test.ts fails until it gets one).
 *
 * Roles: ANONYMOUS reads the public catalog and the non-personalised home page; SHOPPER their own
 * profile, page and events; STOREFRONT records events and reads pages for any shopper, nothing
 * else; MERCHANDISER runs catalog, collections, rules, ranking configurations, experiments and
 * aggregate results, and previews individual shoppers who consented to personalization; ADMIN
 * everything, including models and privacy operations.
 */
export const POLICY: Readonly<Record<string, FieldPolicy>> = {
  'Query.product': everyone,
  'Query.products': everyone,
  'Query.collections': everyone,
  'Query.collection': everyone,
  'Query.similarProducts': everyone,
  'Query.homeRows': shopperPage('userId'),
  'Query.row': shopperPage('userId'),
  'Query.recommendations': { ...shopperPage('userId'), ANONYMOUS: undefined },
  'Query.user': { SHOPPER: ownShopper('id'), MERCHANDISER: consentingShopper('id'), ADMIN: true },
  // Merchandisers see only shoppers who consented to personalization (see seesEveryShopper).
  'Query.users': merchandising,
  'Query.rankingConfigs': merchandising,
  'Query.merchandisingRules': merchandising,
  'Query.modelVersions': merchandising,
  'Query.catalogExposure': merchandising,
  'Query.trainingJob': merchandising,
  'Query.experiments': merchandising,
  'Query.experiment': merchandising,
  'Query.experimentResults': merchandising,
  'Query.exportMyData': privacyOperation('userId'),

  'Mutation.recordInteractions': { SHOPPER: ownEvents, STOREFRONT: true, ADMIN: true },
  'Mutation.mergeShoppers': { STOREFRONT: true, ADMIN: true },
  'Mutation.upsertProducts': merchandising,
  'Mutation.saveRankingConfig': merchandising,
  'Mutation.saveMerchandisingRule': merchandising,
  'Mutation.deleteMerchandisingRule': merchandising,
  'Mutation.upsertCollection': merchandising,
  'Mutation.setCollectionEntry': merchandising,
  'Mutation.removeCollectionEntry': merchandising,
  'Mutation.createExperiment': merchandising,
  'Mutation.updateExperiment': merchandising,
  'Mutation.startExperiment': merchandising,
  'Mutation.pauseExperiment': merchandising,
  'Mutation.endExperiment': merchandising,
  'Mutation.trainModel': adminOnly,
  'Mutation.activateModel': adminOnly,
  'Mutation.setConsent': privacyOperation('userId'),
  'Mutation.eraseShopper': privacyOperation('id'),
};

/**
 * Whether the caller may see a shopper's details (everything but the id) wherever a User is
 * reached: a merge result, an interaction, an export, as well as `user` and `users`.
 */
export function maySeeShopper(principal: Principal | null, shopper: { id: string; consent: { personalization: boolean } }): boolean {
  switch (principal?.role) {
    case 'ADMIN':
      return true;
    case 'SHOPPER':
      return principal.subject === shopper.id;
    case 'MERCHANDISER':
      return shopper.consent.personalization;
    default:
      return false;
  }
}

/** Whether listings of shoppers may include those who did not consent to personalization. */
export const seesEveryShopper = (principal: Principal | null): boolean => principal?.role === 'ADMIN';

/** The arguments `call` may resolve with, or a denial: UNAUTHENTICATED without a token, else FORBIDDEN. */
export async function authorize(policy: Readonly<Record<string, FieldPolicy>>, call: Call): Promise<Record<string, unknown>> {
  const entry = policy[call.field];
  if (!entry) throw forbidden(`${call.field} has no access policy yet, so nobody may use it.`);
  const caller: Caller = call.principal?.role ?? 'ANONYMOUS';
  const grant = entry[caller];
  if (!grant) {
    if (!call.principal) throw unauthenticated(`${call.field} needs a token: send "Authorization: Bearer <token>".`);
    throw forbidden(`The ${caller} role may not use ${call.field}.`);
  }
  return grant === true ? call.args : grant(call);
}
