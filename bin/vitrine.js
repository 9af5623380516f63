#!/usr/bin/env node
// Runs the TypeScript sources directly: swc emits the decorator metadata type-graphql needs.
import 'reflect-metadata';
import '@swc-node/register/esm-register';

await import('../src/main.ts');
