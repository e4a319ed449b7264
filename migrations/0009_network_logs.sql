CREATE TABLE "network_domain_counts" (
	"connection_id" uuid NOT NULL,
	"source_digest" text NOT NULL,
	"host" text NOT NULL,
	"domain" text NOT NULL,
	"day" date NOT NULL,
	"requests" bigint NOT NULL,
	"blocked" bigint NOT NULL,
	"bytes_out" bigint NOT NULL,
	"bytes_in" bigint NOT NULL,
	CONSTRAINT "network_domain_counts_connection_id_source_digest_host_day_pk" PRIMARY KEY("connection_id","source_digest","host","day")
);
--> statement-breakpoint
CREATE TABLE "network_log_files" (
	"connection_id" uuid NOT NULL,
	"digest" text NOT NULL,
	"path" text NOT NULL,
	"format" text NOT NULL,
	"lines" bigint NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"scan_id" uuid,
	CONSTRAINT "network_log_files_connection_id_digest_pk" PRIMARY KEY("connection_id","digest")
);
--> statement-breakpoint
ALTER TABLE "network_domain_counts" ADD CONSTRAINT "network_domain_counts_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_log_files" ADD CONSTRAINT "network_log_files_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_log_files" ADD CONSTRAINT "network_log_files_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "network_domain_counts_host_idx" ON "network_domain_counts" USING btree ("host");