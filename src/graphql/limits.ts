import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from './pagination.js';

export interface QueryLimits {
  maxDepth: number;
  /** Parser token budget: stops pathological documents before they are fully parsed. */
  maxTokens: number;
  maxComplexity: number;
  maxQueryBytes: number;
  /** Aliases let one small document ask for the same expensive field hundreds of times. */
  maxAliases: number;
}

/** A list field costs its page size times what is selected under it. */
export function pagedComplexity({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const first = typeof args.first === 'number' && args.first > 0 ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + first * Math.max(childComplexity, 1);
}

// GraphiQL's schema fetch is deep by nature; it is read-only metadata and must always work.
const IGNORE_INTROSPECTION = [/^__/];

/**
 * Rejects operations nested deeper than `maxDepth` fields. Each fragment's depth is computed
 * once, so documents that spread fragments many times cost linear time, and cycles or unknown
 * fragments (reported by graphql's own rules) count as no depth instead of recursing forever.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => {
    const document = context.getDocument();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const fragmentDepths = new Map<string, number>();
    const depthOf = (set: SelectionSetNode): number => {
      let deepest = 0;
      for (const selection of set.selections) {
        let depth = 0;
        if (selection.kind === Kind.FIELD) {
          if (selection.selectionSet && !IGNORE_INTROSPECTION.some((pattern) => pattern.test(selection.name.value))) depth = 1 + depthOf(selection.selectionSet);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          depth = depthOf(selection.selectionSet);
        } else {
          const name = selection.name.value;
          if (!fragmentDepths.has(name)) {
            fragmentDepths.set(name, 0);
            const fragment = fragments.get(name);
            if (fragment) fragmentDepths.set(name, depthOf(fragment.selectionSet));
          }
          depth = fragmentDepths.get(name)!;
        }
        deepest = Math.max(deepest, depth);
      }
      return deepest;
    };
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION || depthOf(definition.selectionSet) <= maxDepth) continue;
      context.reportError(new GraphQLError(`'${definition.name?.value ?? ''}' exceeds maximum operation depth of ${maxDepth}`, { nodes: [definition] }));
    }
    return {};
  };
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
          const { aliases, nulInText } = documentFacts(document);
          if (nulInText || valueContainsNul(variables)) {
            throw new GraphQLError('A string in this operation contains a NUL character (\\u0000), which cannot be stored. Remove it and send the operation again.', {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          if (aliases > limits.maxAliases) {
            throw new GraphQLError(`This document uses ${aliases} aliases; the limit is ${limits.maxAliases}. Split it into several requests.`, {
              extensions: { code: 'TOO_MANY_ALIASES', aliases, maxAliases: limits.maxAliases, http: { status: 400 } },
            });
          }
          if (!operation || isIntrospectionOnly(operation)) return;
          const complexity = estimateComplexity(schema, document, variables, operationName);
          // Variables that cannot be coerced are reported by execution itself as BAD_USER_INPUT.
          if (complexity === undefined) return;
          if (complexity > limits.maxComplexity) {
            throw new GraphQLError(
              `This operation's estimated cost is ${complexity}; the limit is ${limits.maxComplexity}. Ask for smaller pages (first) or fewer nested fields.`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', complexity, maxComplexity: limits.maxComplexity, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

/** What the limits read from a document itself, apart from its variables. */
interface DocumentFacts {
  aliases: number;
  /** PostgreSQL text and jsonb cannot hold U+0000; caught here rather than as a database error. */
  nulInText: boolean;
}

/**
 * Apollo keeps parsed documents and hands the same object to every request with the same text,
 * so a storefront's page query is walked once, not twice on every page.
 */
const factsOfDocuments = new WeakMap<DocumentNode, DocumentFacts>();

function documentFacts(document: DocumentNode): DocumentFacts {
  let facts = factsOfDocuments.get(document);
  if (!facts) {
    const found: DocumentFacts = { aliases: 0, nulInText: false };
    visit(document, {
      Field(node) {
        if (node.alias) found.aliases++;
      },
      StringValue(node) {
        if (node.value.includes('\0')) found.nulInText = true;
      },
    });
    factsOfDocuments.set(document, (facts = found));
  }
  return facts;
}

/** Iterative, so deeply nested JSON variables cannot exhaust the stack. */
function valueContainsNul(root: unknown): boolean {
  const pending = [root];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\0')) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\0')) return true;
        pending.push(item);
      }
    }
  }
  return false;
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
