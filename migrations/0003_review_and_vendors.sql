CREATE TABLE "vendors" (
	"name" text PRIMARY KEY NOT NULL,
	"diligence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ai_systems" ADD COLUMN "review" jsonb DEFAULT '{}'::jsonb NOT NULL;