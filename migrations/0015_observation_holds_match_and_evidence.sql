ALTER TABLE "observations" ADD COLUMN "ai_system_id" uuid;--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "catalog_id" text;--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "catalog_version" text;--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "confidence" real;--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "reasons" jsonb;--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "matched_at" timestamp with time zone;--> statement-breakpoint
-- Each observation's match and evidence move onto its row, in one pass (one new row version each).
-- Ingest kept one evidence row per observation; the oldest is taken should there be more.
UPDATE "observations" o SET
  ("catalog_id", "catalog_version", "confidence", "reasons", "matched_at") =
    (SELECT m."catalog_id", m."catalog_version", m."confidence", m."reasons", m."matched_at" FROM "matches" m WHERE m."observation_id" = o."id"),
  "ai_system_id" = (SELECT e."ai_system_id" FROM "evidence" e WHERE e."observation_id" = o."id" ORDER BY e."created_at" LIMIT 1);--> statement-breakpoint
DROP TABLE "evidence";--> statement-breakpoint
DROP TABLE "matches";--> statement-breakpoint
-- Nothing looks an observation up by its id any more: the record's own key is the primary key.
ALTER TABLE "observations" DROP CONSTRAINT "observations_pkey";--> statement-breakpoint
DROP INDEX "observations_connection_key_idx";--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_pkey" PRIMARY KEY("connection_id","key");--> statement-breakpoint
CREATE INDEX "observations_ai_system_idx" ON "observations" USING btree ("ai_system_id");
