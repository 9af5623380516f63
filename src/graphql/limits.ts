import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from './pagination.js';

export interface QueryLimits {
  maxDepth: number;
  /** Parser token budget: stops pathological documents before they are fully parsed. */
  maxTokens: number;
  maxComplexity: number;
  maxQueryBytes: number;
}

/** A list field costs its page size times what is selected under it. */
export function pagedComplexity({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const first = typeof args.first === 'number' && args.first > 0 ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + first * Math.max(childComplexity, 1);
}

// GraphiQL's schema fetch is deep by nature; it is read-only metadata and must always work.
const IGNORE_INTROSPECTION = [/^__/];

export function depthLimitRule(maxDepth: number) {
  return depthLimit(maxDepth, { ignore: IGNORE_INTROSPECTION });
}

function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every((s) => s.kind === 'Field' && s.name.value.startsWith('__'));
}

/** Rejects oversized query texts and operations whose estimated cost is above the limit. */
export function queryLimitsPlugin(schema: GraphQLSchema, limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        // Apollo turns errors thrown here (unlike earlier hooks) into a proper error response.
        async didResolveOperation({ source, document, operation, request: { variables, operationName } }) {
          const bytes = Buffer.byteLength(source, 'utf8');
          if (bytes > limits.maxQueryBytes) {
            throw new GraphQLError(`The query text is ${bytes} bytes; the limit is ${limits.maxQueryBytes}. Send a smaller document (put data in variables).`, {
              extensions: { code: 'QUERY_TOO_LARGE', http: { status: 413 } },
            });
          }
          if (!operation || isIntrospectionOnly(operation)) return;
          const complexity = estimateComplexity(schema, document, variables, operationName);
          // Variables that cannot be coerced are reported by execution itself as BAD_USER_INPUT.
          if (complexity === undefined) return;
          if (complexity > limits.maxComplexity) {
            throw new GraphQLError(
              `This operation's estimated cost is ${complexity}; the limit is ${limits.maxComplexity}. Ask for smaller pages (first) or fewer nested fields.`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', complexity, maxComplexity: limits.maxComplexity } },
            );
          }
        },
      };
    },
  };
}

function estimateComplexity(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
): number | undefined {
  try {
    return getComplexity({
      schema,
      query,
      variables,
      operationName: operationName ?? undefined,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (error) {
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
}
