-- One row per (partition_key, app_id, sequence_id): a second writer of a step is refused.
-- Fails when a table written by Burr already holds two positions for one step; resolve those rows first.
CREATE UNIQUE INDEX IF NOT EXISTS ${burr_table_name}_step_uidx ON ${burr_table} (partition_key, app_id, sequence_id);
