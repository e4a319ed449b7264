CREATE TABLE "source_items" (
	"connection_id" uuid NOT NULL,
	"stream" text NOT NULL,
	"item" text NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"seen_scan_id" uuid NOT NULL,
	"confirmed_scan_id" uuid,
	CONSTRAINT "source_items_connection_id_stream_item_pk" PRIMARY KEY("connection_id","stream","item")
);
--> statement-breakpoint
ALTER TABLE "source_items" ADD CONSTRAINT "source_items_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "source_items_seen_idx" ON "source_items" USING btree ("seen_scan_id");