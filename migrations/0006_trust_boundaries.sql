-- Token names become unique: an earlier duplicate keeps its name, later ones get their id's first 8 characters appended.
UPDATE "api_tokens" t SET "name" = t."name" || '-' || left(t."id"::text, 8) WHERE EXISTS (SELECT 1 FROM "api_tokens" o WHERE o."name" = t."name" AND (o."created_at", o."id"::text) < (t."created_at", t."id"::text));--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "login_throttle_last_failure_idx" ON "login_throttle" USING btree ("last_failure_at");--> statement-breakpoint
ALTER TABLE "alert_rules" DROP COLUMN "allow_private";--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_name_unique" UNIQUE("name");