ALTER TABLE "network_domain_counts" DROP CONSTRAINT "network_domain_counts_connection_id_connections_id_fk";
--> statement-breakpoint
DROP INDEX "network_domain_counts_host_idx";--> statement-breakpoint
ALTER TABLE "network_domain_counts" DROP CONSTRAINT "network_domain_counts_connection_id_source_digest_host_day_pk";--> statement-breakpoint
ALTER TABLE "network_domain_counts" ADD CONSTRAINT "network_domain_counts_connection_id_source_digest_day_host_pk" PRIMARY KEY("connection_id","source_digest","day","host");