ALTER TABLE "alert_deliveries" ADD COLUMN "test_event" jsonb;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "retry" jsonb;