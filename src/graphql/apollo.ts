import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { GraphQLContext } from './context.js';
import { formatError } from './errors.js';
import { depthLimitRule, queryLimitsPlugin, type QueryLimits } from './limits.js';

/** Shoppers' pages must never be kept by a browser, proxy or CDN (Apollo also answers GET). */
const noStore: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/** The Apollo server with vitrine's limits; transport-agnostic (HTTP or executeOperation). */
export function createApolloServer(schema: GraphQLSchema, limits: QueryLimits & { maxBatch?: number }, plugins: ApolloServer<GraphQLContext>['internals']['plugins'] = []) {
  return new ApolloServer<GraphQLContext>({
    schema,
    // The playground needs the schema; nothing in it is secret.
    introspection: true,
    validationRules: [depthLimitRule(limits.maxDepth)],
    parseOptions: { maxTokens: limits.maxTokens },
    // No field carries a cache hint (answers are personal), and the default cache-control plugin
    // wraps every field's resolver to compute one (about 4% of a home page's CPU); `noStore` sends
    // the header it would have sent.
    plugins: [ApolloServerPluginCacheControlDisabled(), noStore, queryLimitsPlugin(schema, limits), ...plugins],
    includeStacktraceInErrorResponses: false,
    // The HTTP layer rejects batches above maxBatch before Apollo sees them (BATCH_TOO_LARGE).
    allowBatchedHttpRequests: (limits.maxBatch ?? 1) > 1,
    formatError,
    // The CLI drains HTTP, stops Apollo and closes the database in order; Apollo's own signal
    // handler would race it (and re-raise the signal) and hang the shutdown.
    stopOnTerminationSignals: false,
  });
}
