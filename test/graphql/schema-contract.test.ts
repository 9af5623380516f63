import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, lexicographicSortSchema, parse, printSchema, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildVitrineSchema } from '../../src/graphql/schema.js';

const root = path.resolve(import.meta.dirname, '../..');
const canonical = (sdl: string) => printSchema(lexicographicSortSchema(buildSchema(sdl)));

describe('the typed-client contract', () => {
  it('checked-in schema.graphql matches the schema the gateway builds (run `npm run codegen` after changing it)', async () => {
    const live = printSchema(lexicographicSortSchema(await buildVitrineSchema()));
    expect(canonical(readFileSync(path.join(root, 'schema.graphql'), 'utf8'))).toBe(live);
  });

  const operationsDir = path.join(root, 'client/operations');
  const documents = readdirSync(operationsDir).filter((f) => f.endsWith('.graphql'));

  it('keeps the storefront operations in client/operations', () => {
    expect(documents).toEqual(expect.arrayContaining(['products.graphql', 'user.graphql', 'interactions.graphql', 'home.graphql']));
  });

  it.each(documents)('%s validates against the schema', async (file) => {
    const errors = validate(await buildVitrineSchema(), parse(readFileSync(path.join(operationsDir, file), 'utf8')));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('generated client documents are current with the operations', () => {
    const generated = readFileSync(path.join(root, 'client/generated/graphql.ts'), 'utf8');
    for (const file of documents) {
      const names = [...readFileSync(path.join(operationsDir, file), 'utf8').matchAll(/^(?:query|mutation|subscription)\s+(\w+)/gm)].map((m) => m[1]);
      for (const name of names) expect(generated, `${name} from ${file}`).toContain(`export const ${name}Document`);
    }
  });
});
