-- Impressions become one row per row slice shown (page, row, first position) holding the slice's
-- products in position order, instead of one row per item. Existing rows are converted: each run
-- of consecutive positions of one page and row shown together (same shopper, arm context and
-- moment, as a homeRows row or a `row` page is) becomes one slice, so nothing is lost.
ALTER TABLE "impressions" RENAME TO "impressions_per_item";
ALTER TABLE "impressions_per_item" RENAME CONSTRAINT "impressions_pkey" TO "impressions_per_item_pkey";
DROP INDEX "impressions_page_id_row_id_position_key";
DROP INDEX "impressions_user_id_shown_at_idx";
DROP INDEX "impressions_experiment_id_variant_idx";
DROP INDEX "impressions_shown_at_idx";

-- CreateTable
CREATE TABLE "impressions" (
    "page_id" TEXT NOT NULL,
    "user_id" TEXT,
    "row_id" TEXT NOT NULL,
    "row_kind" TEXT NOT NULL,
    "first_position" INTEGER NOT NULL,
    "product_ids" TEXT[] NOT NULL,
    "arms" TEXT[],
    "experiment_id" TEXT,
    "variant" TEXT,
    "segment" TEXT,
    "shown_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "impressions_pkey" PRIMARY KEY ("page_id","row_id","first_position")
);

-- Positions minus their rank within a group are equal exactly along a run of consecutive positions.
INSERT INTO "impressions" ("page_id", "user_id", "row_id", "row_kind", "first_position", "product_ids", "arms", "experiment_id", "variant", "segment", "shown_at")
SELECT "page_id", "user_id", "row_id", "row_kind", min("position"), array_agg("product_id" ORDER BY "position"),
       CASE WHEN count("arm") = 0 THEN NULL ELSE array_agg("arm" ORDER BY "position") END,
       "experiment_id", "variant", "segment", "shown_at"
FROM (
    SELECT *, "position" - row_number() OVER (
        PARTITION BY "page_id", "row_id", "user_id", "row_kind", "experiment_id", "variant", "segment", "shown_at" ORDER BY "position") AS "run"
    FROM "impressions_per_item"
) AS "items"
GROUP BY "page_id", "row_id", "user_id", "row_kind", "experiment_id", "variant", "segment", "shown_at", "run";

DROP TABLE "impressions_per_item";

-- CreateIndex
CREATE INDEX "impressions_user_id_shown_at_idx" ON "impressions"("user_id", "shown_at");

-- CreateIndex
CREATE INDEX "impressions_experiment_id_variant_idx" ON "impressions"("experiment_id", "variant");

-- CreateIndex
CREATE INDEX "impressions_shown_at_idx" ON "impressions"("shown_at");
