import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { GraphQLContext } from './context.js';
import { formatError } from './errors.js';
import { depthLimitRule, queryLimitsPlugin, type QueryLimits } from './limits.js';

/** The Apollo server with vitrine's limits; transport-agnostic (HTTP or executeOperation). */
export function createApolloServer(schema: GraphQLSchema, limits: QueryLimits & { maxBatch?: number }, plugins: ApolloServer<GraphQLContext>['internals']['plugins'] = []) {
  return new ApolloServer<GraphQLContext>({
    schema,
    // The playground needs the schema; nothing in it is secret.
    introspection: true,
    validationRules: [depthLimitRule(limits.maxDepth)],
    parseOptions: { maxTokens: limits.maxTokens },
    plugins: [queryLimitsPlugin(schema, limits), ...plugins],
    includeStacktraceInErrorResponses: false,
    // The HTTP layer rejects batches above maxBatch before Apollo sees them (BATCH_TOO_LARGE).
    allowBatchedHttpRequests: (limits.maxBatch ?? 1) > 1,
    formatError,
    // The CLI drains HTTP, stops Apollo and closes the database in order; Apollo's own signal
    // handler would race it (and re-raise the signal) and hang the shutdown.
    stopOnTerminationSignals: false,
  });
}
