-- The delta layout's table: one row per step, either the whole state (snapshot) or what the step changed.
CREATE TABLE IF NOT EXISTS ${burr_table} (
    partition_key TEXT NOT NULL DEFAULT '',
    app_id TEXT NOT NULL,
    sequence_id BIGINT NOT NULL,
    position TEXT NOT NULL,
    status TEXT NOT NULL,
    snapshot BOOLEAN NOT NULL,
    data JSONB NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
    PRIMARY KEY (partition_key, app_id, sequence_id)
);
CREATE INDEX IF NOT EXISTS ${burr_table_name}_snapshot_idx ON ${burr_table} (partition_key, app_id, snapshot, sequence_id);
