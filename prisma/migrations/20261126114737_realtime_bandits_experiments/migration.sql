-- CreateEnum
CREATE TYPE "ExperimentStatus" AS ENUM ('DRAFT', 'RUNNING', 'PAUSED', 'ENDED');

-- AlterTable
ALTER TABLE "interactions" ADD COLUMN     "arm" TEXT,
ADD COLUMN     "experiment_id" TEXT,
ADD COLUMN     "page_id" TEXT,
ADD COLUMN     "position" INTEGER,
ADD COLUMN     "row_id" TEXT,
ADD COLUMN     "variant" TEXT;

-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "artifact_bundle" BYTEA;

-- CreateTable
CREATE TABLE "impressions" (
    "id" BIGSERIAL NOT NULL,
    "page_id" TEXT NOT NULL,
    "user_id" TEXT,
    "row_id" TEXT NOT NULL,
    "row_kind" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "product_id" TEXT NOT NULL,
    "experiment_id" TEXT,
    "variant" TEXT,
    "arm" TEXT,
    "segment" TEXT,
    "shown_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "impressions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bandit_arms" (
    "segment" TEXT NOT NULL,
    "arm" TEXT NOT NULL,
    "successes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "failures" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "bandit_arms_pkey" PRIMARY KEY ("segment","arm")
);

-- CreateTable
CREATE TABLE "experiments" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "ExperimentStatus" NOT NULL DEFAULT 'DRAFT',
    "salt" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "ended_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "experiments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "experiment_variants" (
    "experiment_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "share" DOUBLE PRECISION NOT NULL,
    "treatment" JSONB NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "experiment_variants_pkey" PRIMARY KEY ("experiment_id","key")
);

-- CreateTable
CREATE TABLE "experiment_exposures" (
    "experiment_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "variant" TEXT NOT NULL,
    "first_exposed_at" TIMESTAMP(3) NOT NULL,
    "last_exposed_at" TIMESTAMP(3) NOT NULL,
    "pages" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "experiment_exposures_pkey" PRIMARY KEY ("experiment_id","user_id")
);

-- CreateIndex
CREATE INDEX "impressions_user_id_shown_at_idx" ON "impressions"("user_id", "shown_at");

-- CreateIndex
CREATE INDEX "impressions_experiment_id_variant_idx" ON "impressions"("experiment_id", "variant");

-- CreateIndex
CREATE INDEX "impressions_shown_at_idx" ON "impressions"("shown_at");

-- CreateIndex
CREATE UNIQUE INDEX "impressions_page_id_row_id_position_key" ON "impressions"("page_id", "row_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "experiments_name_key" ON "experiments"("name");

-- CreateIndex
CREATE INDEX "experiment_exposures_experiment_id_variant_idx" ON "experiment_exposures"("experiment_id", "variant");

-- CreateIndex
CREATE INDEX "experiment_exposures_user_id_idx" ON "experiment_exposures"("user_id");

-- CreateIndex
CREATE INDEX "interactions_experiment_id_variant_idx" ON "interactions"("experiment_id", "variant");

-- AddForeignKey
ALTER TABLE "experiment_variants" ADD CONSTRAINT "experiment_variants_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiment_exposures" ADD CONSTRAINT "experiment_exposures_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
