-- CreateEnum
CREATE TYPE "ModelStatus" AS ENUM ('READY', 'ACTIVE', 'RETIRED', 'REJECTED');

-- AlterTable
ALTER TABLE "products" ADD COLUMN     "embedding_model_id" INTEGER,
ADD COLUMN     "visual_features" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[];

-- CreateTable
CREATE TABLE "model_versions" (
    "id" SERIAL NOT NULL,
    "status" "ModelStatus" NOT NULL DEFAULT 'READY',
    "config" JSONB NOT NULL,
    "data_snapshot" JSONB NOT NULL,
    "metrics" JSONB NOT NULL,
    "backend" TEXT NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "artifact_dir" TEXT NOT NULL,
    "notes" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMP(3),

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "model_versions_status_idx" ON "model_versions"("status");
