#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded on machines without
# internet access. It answers `--version` so the CLI starts; anything else is refused loudly.
if [ "$1" = "--version" ]; then
  echo "schema-engine-cli stub (vitrine uses the WASM engine: npm run migration:create)"
  exit 0
fi
echo "vitrine: the native Prisma schema engine is not used here; run 'npm run migration:create -- <name>' or 'vitrine migrate'" >&2
exit 1
