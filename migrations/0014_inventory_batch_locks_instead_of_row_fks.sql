ALTER TABLE "evidence" DROP CONSTRAINT "evidence_ai_system_id_ai_systems_id_fk";
--> statement-breakpoint
ALTER TABLE "observations" DROP CONSTRAINT "observations_connection_id_connections_id_fk";
