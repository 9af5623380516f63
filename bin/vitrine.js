#!/usr/bin/env node
// Runs the TypeScript sources directly: swc emits the decorator metadata type-graphql needs.
// The loader and tsconfig are located from this file, so the CLI works from any directory.
import 'reflect-metadata';
import { register } from 'node:module';

process.env.SWC_NODE_PROJECT ??= new URL('../tsconfig.json', import.meta.url).pathname;
register('@swc-node/register/esm', import.meta.url);

// graphql-js looks for a second copy of itself on every type test unless NODE_ENV is
// "production" when it loads (graphql-js#2317): a few percent of serving a home page. NODE_ENV also
// picks vitrine's own mode (src/config.ts), so graphql is loaded first with the check off and
// NODE_ENV is put back; tests, which import graphql themselves, keep the check.
const nodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
await import('graphql');
if (nodeEnv === undefined) delete process.env.NODE_ENV;
else process.env.NODE_ENV = nodeEnv;

await import('../src/main.ts');
