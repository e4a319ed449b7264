ALTER TABLE "observations" DROP CONSTRAINT "observations_last_scan_id_scans_id_fk";
