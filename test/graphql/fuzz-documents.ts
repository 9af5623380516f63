import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isInterfaceType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { SeededRandom } from '../../src/model/random.js';

/** A small seeded generator (mulberry32): fast-check picks the seed, this spends it. */
export class Chaos {
  private readonly generator: SeededRandom;
  constructor(seed: number) {
    this.generator = new SeededRandom(seed);
  }
  next(): number {
    return this.generator.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

const NASTY_STRINGS = [
  '',
  ' ',
  'tote-1',
  's-00001',
  'p-00001',
  'Maison Vérane',
  '\u0000',
  '\uD83D\uDC8E\u200D\u2764\uFE0F',
  'e\u0301\u0301\u0301',
  '\u202Eevil',
  "'; DROP TABLE products; --",
  '%s%s%s%n',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  'x'.repeat(5000),
  '\uFFFF\uFFFE',
  '日本語のテキスト',
  'null',
  '-0',
  '1e309',
  '2026-13-45T25:61:00Z',
  '2026-11-26T10:00:00Z',
  '25:99',
  '19:30',
];

const NASTY_NUMBERS = ['0', '-1', '1', '20', '1000', '1001', '2147483647', '2147483648', '-2147483649', '99999999999999999999999', '1e309', '-1e309', '0.5', '3.14159', 'NaN', '1e-400', '9007199254740993'];

const NAMES = ['id', 'nope', '__typename', '__schema', 'first', 'after', 'filter', 'userId', 'events', 'x', 'constructor', '__proto__', 'prototype'];

/** A JSON-ish value of any shape, for variables. */
export function chaoticJson(c: Chaos, depth = 0): unknown {
  const kind = c.int(0, depth > 3 ? 4 : 7);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return c.chance(0.5);
    case 2:
      return c.pick([0, -1, 1, 20, 1000, 2 ** 31, -(2 ** 31) - 1, 1e308, -1e308, 0.1, Number.MAX_SAFE_INTEGER + 2, 2 ** 53]);
    case 3:
    case 4:
      return c.pick(NASTY_STRINGS);
    case 5:
      return Array.from({ length: c.int(0, c.chance(0.05) ? 1200 : 4) }, () => chaoticJson(c, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: c.int(0, 4) }, () => [c.pick(NAMES), chaoticJson(c, depth + 1)]));
  }
}

/** A GraphQL literal that often fits `type` and often does not. */
function literal(c: Chaos, type: GraphQLInputType | undefined, schema: GraphQLSchema, depth: number): string {
  if (c.chance(0.15) || !type || depth > 4) return wildLiteral(c, schema, depth);
  if (isNonNullType(type)) return literal(c, type.ofType, schema, depth);
  if (isListType(type)) return `[${Array.from({ length: c.int(0, 3) }, () => literal(c, type.ofType, schema, depth + 1)).join(', ')}]`;
  if (isEnumType(type)) return c.chance(0.85) ? c.pick(type.getValues()).name : c.pick(['MONSOON', 'click', '"CLICK"', 'null']);
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const chosen = fields.filter((f) => isNonNullType(f.type) || c.chance(0.4));
    const entries = chosen.map((f) => `${c.chance(0.05) ? c.pick(NAMES) : f.name}: ${literal(c, f.type, schema, depth + 1)}`);
    return `{ ${entries.join(', ')} }`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
      case 'Float':
        return c.pick(NASTY_NUMBERS.filter((n) => n !== 'NaN'));
      case 'Boolean':
        return c.pick(['true', 'false']);
      case 'JSONObject':
      case 'JSON':
        return wildLiteral(c, schema, depth);
      default:
        return JSON.stringify(c.pick(NASTY_STRINGS));
    }
  }
  return wildLiteral(c, schema, depth);
}

function wildLiteral(c: Chaos, schema: GraphQLSchema, depth: number): string {
  switch (c.int(0, depth > 3 ? 3 : 5)) {
    case 0:
      return c.pick(NASTY_NUMBERS);
    case 1:
      return JSON.stringify(c.pick(NASTY_STRINGS));
    case 2:
      return c.pick(['null', 'true', 'false', '$v', '$missing', 'SOME_ENUM']);
    case 3:
      return c.pick(Object.values(schema.getTypeMap()).filter(isEnumType).flatMap((e) => e.getValues().map((v) => v.name)));
    case 4:
      return `[${Array.from({ length: c.int(0, 3) }, () => wildLiteral(c, schema, depth + 1)).join(', ')}]`;
    default:
      return `{ ${Array.from({ length: c.int(0, 3) }, () => `${c.pick(NAMES.filter((n) => /^\w+$/.test(n)))}: ${wildLiteral(c, schema, depth + 1)}`).join(', ')} }`;
  }
}

function selection(c: Chaos, type: GraphQLNamedType, schema: GraphQLSchema, depth: number, maxDepth: number): string {
  if (!(isObjectType(type) || isInterfaceType(type) || isUnionType(type))) return '';
  if (isUnionType(type)) return `{ __typename ${type.getTypes().map((t) => `... on ${t.name} ${selection(c, t, schema, depth + 1, maxDepth)}`).join(' ')} }`;
  const fields = Object.values(type.getFields());
  const count = c.int(1, Math.min(4, fields.length));
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    if (c.chance(0.03)) {
      parts.push(c.pick(['nope', 'password', '__schema { types { name } }', '__type(name: "Product") { name }', '... on Nope { id }']));
      continue;
    }
    parts.push(field(c, c.pick(fields) as GraphQLField<unknown, unknown>, schema, depth, maxDepth));
  }
  return `{ ${parts.join(' ')} }`;
}

function field(c: Chaos, f: GraphQLField<unknown, unknown>, schema: GraphQLSchema, depth: number, maxDepth: number): string {
  const alias = c.chance(0.08) ? `a${c.int(0, 99)}: ` : '';
  const args = f.args.filter((a) => isNonNullType(a.type) ? !c.chance(0.05) : c.chance(0.5));
  const argText = args.map((a) => `${a.name}: ${literal(c, a.type, schema, 0)}`);
  if (c.chance(0.04)) argText.push(`${c.pick(['nope', 'limit', 'first'])}: ${wildLiteral(c, schema, 0)}`);
  const named = getNamedType(f.type);
  const composite = isObjectType(named) || isInterfaceType(named) || isUnionType(named);
  let sub = '';
  if (composite) sub = depth >= maxDepth && !c.chance(0.05) ? '{ __typename }' : selection(c, named, schema, depth + 1, maxDepth);
  else if (c.chance(0.02)) sub = '{ id }';
  return `${alias}${f.name}${argText.length ? `(${argText.join(', ')})` : ''} ${sub}`;
}

export interface FuzzOperation {
  query: string;
  variables?: unknown;
  operationName?: unknown;
  /** The root mutation field, when the document is a one-field mutation. */
  mutationField?: string;
}

/** A document shaped by the schema: real field names, arguments of the right and wrong types. */
export function schemaShaped(c: Chaos, schema: GraphQLSchema, mutations: readonly string[]): FuzzOperation {
  const mutate = c.chance(0.3) && mutations.length > 0;
  const root: GraphQLObjectType = mutate ? schema.getMutationType()! : schema.getQueryType()!;
  const maxDepth = c.chance(0.1) ? c.int(8, 16) : c.int(1, 5);
  if (mutate) {
    const name = c.pick(mutations);
    const f = root.getFields()[name] as GraphQLField<unknown, unknown>;
    return { query: `mutation { ${field(c, f, schema, 0, maxDepth)} }`, mutationField: name };
  }
  const fields = Object.values(root.getFields());
  const parts = Array.from({ length: c.int(1, 3) }, () => field(c, c.pick(fields) as GraphQLField<unknown, unknown>, schema, 0, maxDepth));
  return { query: `${c.chance(0.5) ? 'query Fuzz ' : ''}{ ${parts.join(' ')} }`, operationName: c.chance(0.1) ? c.pick(['Fuzz', 'Other', '']) : undefined };
}

/** A valid document with variables of every wrong type, or none at all. */
export function withChaoticVariables(c: Chaos, documents: readonly FuzzOperation[]): FuzzOperation {
  const base = c.pick(documents);
  const declared = [...base.query.matchAll(/\$(\w+)/g)].map((m) => m[1]);
  const variables = c.chance(0.1) ? chaoticJson(c) : Object.fromEntries([...new Set(declared)].filter(() => c.chance(0.8)).map((name) => [name, chaoticJson(c)]));
  return { ...base, variables };
}

/** A valid document with characters deleted, repeated or replaced. */
export function mangled(c: Chaos, documents: readonly FuzzOperation[]): FuzzOperation {
  let text = c.pick(documents).query;
  const edits = c.int(1, 6);
  for (let i = 0; i < edits; i++) {
    const at = c.int(0, text.length);
    const len = c.int(0, 12);
    const insert = c.pick(['', '{', '}', '(', ')', '"', '\\', '$', '...', '@include(if: $x)', '@skip', '#', '\u0000', '\uD83D', '\u00e9', 'query', 'mutation', 'fragment F on Query { __typename }', ' ', ':', ',', '!', '[', ']']);
    text = text.slice(0, at) + insert.repeat(c.int(1, 3)) + text.slice(at + len);
  }
  return { query: text, variables: c.chance(0.5) ? chaoticJson(c) : undefined, mutationField: /^\s*mutation/.test(text) ? 'unknown' : undefined };
}

/** Deep nesting, long lists, many fields, fragment cycles: shapes that cost the server. */
export function pathological(c: Chaos): FuzzOperation {
  const n = c.int(20, 400);
  switch (c.int(0, 6)) {
    case 0:
      return { query: `{ ${'products(first: 1) { nodes { brand { products(first: 1) { nodes { '.repeat(Math.ceil(n / 20))} id ${'} } } } } '.repeat(Math.ceil(n / 20))} }` };
    case 1:
      return { query: `{ ${'a { '.repeat(n)} b ${'} '.repeat(n)} }` };
    case 2:
      return { query: `{ ${Array.from({ length: n }, (_, i) => `p${i}: product(id: "tote-1") { id }`).join(' ')} }` };
    case 3:
      return { query: `query { products(first: ${c.pick(['2147483647', '100000', '-5', '0'])}) { nodes { id title brand { name } } } }` };
    case 4:
      return { query: 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }' };
    case 5:
      return { query: `{ ${'__typename '.repeat(n * 10)} }` };
    default:
      return { query: `{ homeRows(rows: ${c.pick(['1000', '-1', '0', '2147483647'])}, itemsPerRow: ${c.pick(['1000', '-1', '0', '100'])}) { rows { items { product { id } } } } }` };
  }
}

/** Not GraphQL at all. */
export function garbage(c: Chaos): FuzzOperation {
  const length = c.int(0, 300);
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCodePoint(c.chance(0.7) ? c.int(32, 126) : c.int(0, 0x10ffff) & ~0x800);
  return { query: text };
}
