-- One row per (partition_key, app_id, sequence_id): a second writer of a step is refused.
-- Fails when a table written by Burr already holds two positions for one step; resolve those rows first.
CREATE UNIQUE INDEX IF NOT EXISTS ${burr_table_name}_step_uidx ON ${burr_table} (partition_key, app_id, sequence_id);
-- Rows inserted without created_at (by Burr) get UTC, as the rows Burr for Java writes.
ALTER TABLE ${burr_table} ALTER COLUMN created_at SET DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC');
