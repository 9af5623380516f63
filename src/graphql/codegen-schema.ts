// Entry point for GraphQL Code Generator (codegen.yml): the schema exactly as the gateway builds it.
import { buildVitrineSchema } from './schema.js';

export const schema = await buildVitrineSchema();
