-- Hand-written: schema.prisma cannot declare pgvector HNSW indexes, so scripts/create-migration.ts
-- keeps this index out of the diffs it generates.

-- CreateIndex
CREATE INDEX "products_embedding_hnsw" ON "products" USING hnsw ("embedding" vector_cosine_ops);
