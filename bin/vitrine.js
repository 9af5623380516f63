#!/usr/bin/env node
// Runs the TypeScript sources directly: swc emits the decorator metadata type-graphql needs.
// The loader and tsconfig are located from this file, so the CLI works from any directory.
import 'reflect-metadata';
import { register } from 'node:module';

process.env.SWC_NODE_PROJECT ??= new URL('../tsconfig.json', import.meta.url).pathname;
register('@swc-node/register/esm', import.meta.url);

await import('../src/main.ts');
