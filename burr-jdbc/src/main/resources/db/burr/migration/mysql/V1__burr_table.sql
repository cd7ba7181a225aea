-- Burr's columns and primary key, plus one row per (partition_key, app_id, sequence_id), for MySQL and MariaDB.
-- VARCHAR(255) in utf8mb4 keeps the primary key at 3 x 1020 + 8 = 3068 bytes, under InnoDB's 3072-byte limit;
-- JdbcStatePersister refuses longer ids on every database. utf8mb4_bin keeps ids case-sensitive.
CREATE TABLE IF NOT EXISTS ${burr_table} (
    partition_key VARCHAR(255) NOT NULL DEFAULT '',
    app_id VARCHAR(255) NOT NULL,
    sequence_id BIGINT NOT NULL,
    position VARCHAR(255) NOT NULL,
    status VARCHAR(32) NOT NULL,
    state LONGTEXT NOT NULL,
    created_at DATETIME(6) NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (partition_key, app_id, sequence_id, position),
    UNIQUE KEY ${burr_table_name}_step_uidx (partition_key, app_id, sequence_id),
    KEY ${burr_table_name}_created_at_index (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
