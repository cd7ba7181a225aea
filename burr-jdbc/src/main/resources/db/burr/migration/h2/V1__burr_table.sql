-- Burr's columns and primary key, plus one row per (partition_key, app_id, sequence_id).
-- Ids are limited to 255 characters by JdbcStatePersister on every database.
CREATE TABLE IF NOT EXISTS ${burr_table} (
    partition_key VARCHAR(255) DEFAULT '' NOT NULL,
    app_id VARCHAR(255) NOT NULL,
    sequence_id BIGINT NOT NULL,
    position VARCHAR(255) NOT NULL,
    status VARCHAR(32) NOT NULL,
    state CLOB NOT NULL,
    created_at TIMESTAMP(6) DEFAULT LOCALTIMESTAMP(6),
    PRIMARY KEY (partition_key, app_id, sequence_id, position)
);
CREATE INDEX IF NOT EXISTS ${burr_qualifier}${burr_table_name}_created_at_index ON ${burr_table} (created_at);
CREATE UNIQUE INDEX IF NOT EXISTS ${burr_qualifier}${burr_table_name}_step_uidx ON ${burr_table} (partition_key, app_id, sequence_id);
