-- The delta layout's table: one row per step, either the whole state (snapshot) or what the step changed.
-- VARCHAR(255) in utf8mb4 keeps the keys under InnoDB's 3072-byte limit; utf8mb4_bin keeps ids case-sensitive.
CREATE TABLE IF NOT EXISTS ${burr_table} (
    partition_key VARCHAR(255) NOT NULL DEFAULT '',
    app_id VARCHAR(255) NOT NULL,
    sequence_id BIGINT NOT NULL,
    position VARCHAR(255) NOT NULL,
    status VARCHAR(32) NOT NULL,
    snapshot BOOLEAN NOT NULL,
    data LONGTEXT NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (partition_key, app_id, sequence_id),
    KEY ${burr_table_name}_snapshot_idx (partition_key, app_id, snapshot, sequence_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
