CREATE TABLE "scan_pages" (
	"scan_id" uuid NOT NULL,
	"stream" text NOT NULL,
	"page" integer NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"records" integer DEFAULT 0 NOT NULL,
	"flagged" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "scan_pages_scan_id_stream_page_pk" PRIMARY KEY("scan_id","stream","page")
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"cron" text NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
UPDATE "scans" SET "cursor" = '{}'::jsonb WHERE "cursor" IS NULL;--> statement-breakpoint
ALTER TABLE "scans" ALTER COLUMN "cursor" SET DEFAULT '{}'::jsonb;--> statement-breakpoint
ALTER TABLE "scans" ALTER COLUMN "cursor" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "secrets" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "trigger" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "progress" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "fetched" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD CONSTRAINT "scan_pages_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scan_pages_pending_idx" ON "scan_pages" USING btree ("scan_id") WHERE not done;--> statement-breakpoint
CREATE INDEX "schedules_connection_idx" ON "schedules" USING btree ("connection_id");--> statement-breakpoint
-- Imports interrupted before this version stayed 'running'; only one may stay so per connection.
UPDATE "scans" SET "status" = 'failed', "finished_at" = now() WHERE "status" = 'running' AND "id" NOT IN (
  SELECT DISTINCT ON ("connection_id") "id" FROM "scans" WHERE "status" = 'running' ORDER BY "connection_id", "started_at" DESC);--> statement-breakpoint
CREATE UNIQUE INDEX "scans_one_running_idx" ON "scans" USING btree ("connection_id") WHERE status = 'running';