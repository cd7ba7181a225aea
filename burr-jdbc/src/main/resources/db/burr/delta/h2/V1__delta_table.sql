-- The delta layout's table: one row per step, either the whole state (snapshot) or what the step changed.
CREATE TABLE IF NOT EXISTS ${burr_table} (
    partition_key VARCHAR(255) DEFAULT '' NOT NULL,
    app_id VARCHAR(255) NOT NULL,
    sequence_id BIGINT NOT NULL,
    position VARCHAR(255) NOT NULL,
    status VARCHAR(32) NOT NULL,
    snapshot BOOLEAN NOT NULL,
    data CLOB NOT NULL,
    created_at TIMESTAMP(6) DEFAULT LOCALTIMESTAMP(6) NOT NULL,
    PRIMARY KEY (partition_key, app_id, sequence_id)
);
CREATE INDEX IF NOT EXISTS ${burr_qualifier}${burr_table_name}_snapshot_idx ON ${burr_table} (partition_key, app_id, snapshot, sequence_id);
