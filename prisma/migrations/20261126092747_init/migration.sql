-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "vector";

-- CreateEnum
CREATE TYPE "InteractionType" AS ENUM ('VIEW', 'CLICK', 'DWELL', 'WISHLIST', 'ADD_TO_CART', 'PURCHASE', 'SKIP', 'DISMISS', 'RETURN');

-- CreateEnum
CREATE TYPE "StockStatus" AS ENUM ('IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK', 'PREORDER', 'DISCONTINUED');

-- CreateEnum
CREATE TYPE "Season" AS ENUM ('SPRING', 'SUMMER', 'AUTUMN', 'WINTER', 'ALL_SEASON');

-- CreateEnum
CREATE TYPE "Device" AS ENUM ('DESKTOP', 'MOBILE', 'TABLET', 'APP', 'OTHER');

-- CreateEnum
CREATE TYPE "Occasion" AS ENUM ('EVERYDAY', 'WORK', 'EVENING', 'WEDDING', 'TRAVEL', 'GIFT', 'SPORT', 'HOLIDAY');

-- CreateEnum
CREATE TYPE "CollectionKind" AS ENUM ('EDITORIAL', 'RULE_BASED');

-- CreateEnum
CREATE TYPE "CollectionEntryRole" AS ENUM ('MEMBER', 'PIN', 'EXCLUSION');

-- CreateTable
CREATE TABLE "brands" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tier" TEXT,
    "country" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "brands_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "brand_id" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "colour" TEXT NOT NULL,
    "material" TEXT NOT NULL,
    "price" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "season" "Season" NOT NULL DEFAULT 'ALL_SEASON',
    "launch_date" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stock_status" "StockStatus" NOT NULL DEFAULT 'IN_STOCK',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "image_url" TEXT,
    "embedding" vector(64),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "region" TEXT,
    "favourite_brands" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "favourite_categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sizes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "price_band_min" DECIMAL(12,2),
    "price_band_max" DECIMAL(12,2),
    "price_band_currency" CHAR(3),
    "consent_personalization" BOOLEAN NOT NULL DEFAULT true,
    "consent_purchase_history" BOOLEAN NOT NULL DEFAULT true,
    "consent_aspirational" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "interactions" (
    "id" BIGSERIAL NOT NULL,
    "event_id" TEXT,
    "user_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "type" "InteractionType" NOT NULL,
    "dwell_ms" INTEGER,
    "rating" DOUBLE PRECISION,
    "quantity" INTEGER,
    "unit_price" DECIMAL(12,2),
    "occurred_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "device" "Device",
    "occasion" "Occasion",
    "season" "Season",
    "region" TEXT,
    "local_time" TEXT,
    "referrer" TEXT,
    "impression_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "interactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collections" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" "CollectionKind" NOT NULL,
    "rule" JSONB,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "starts_at" TIMESTAMP(3),
    "ends_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "collections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collection_entries" (
    "collection_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "role" "CollectionEntryRole" NOT NULL,
    "position" INTEGER,

    CONSTRAINT "collection_entries_pkey" PRIMARY KEY ("collection_id","product_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "brands_slug_key" ON "brands"("slug");

-- CreateIndex
CREATE INDEX "products_brand_id_idx" ON "products"("brand_id");

-- CreateIndex
CREATE INDEX "products_category_idx" ON "products"("category");

-- CreateIndex
CREATE INDEX "products_colour_idx" ON "products"("colour");

-- CreateIndex
CREATE INDEX "products_season_idx" ON "products"("season");

-- CreateIndex
CREATE INDEX "products_launch_date_idx" ON "products"("launch_date");

-- CreateIndex
CREATE UNIQUE INDEX "interactions_event_id_key" ON "interactions"("event_id");

-- CreateIndex
CREATE INDEX "interactions_user_id_occurred_at_idx" ON "interactions"("user_id", "occurred_at");

-- CreateIndex
CREATE INDEX "interactions_product_id_occurred_at_idx" ON "interactions"("product_id", "occurred_at");

-- CreateIndex
CREATE INDEX "interactions_impression_id_idx" ON "interactions"("impression_id");

-- CreateIndex
CREATE UNIQUE INDEX "collections_slug_key" ON "collections"("slug");

-- CreateIndex
CREATE INDEX "collection_entries_product_id_idx" ON "collection_entries"("product_id");

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_brand_id_fkey" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_entries" ADD CONSTRAINT "collection_entries_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_entries" ADD CONSTRAINT "collection_entries_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;
