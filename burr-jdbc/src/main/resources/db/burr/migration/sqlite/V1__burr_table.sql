-- Burr's own DDL (SQLitePersister.initialize): a table Burr created is already at this version.
CREATE TABLE IF NOT EXISTS ${burr_table} (
    partition_key TEXT DEFAULT '',
    app_id TEXT NOT NULL,
    sequence_id INTEGER NOT NULL,
    position TEXT NOT NULL,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (partition_key, app_id, sequence_id, position)
);
CREATE INDEX IF NOT EXISTS ${burr_table_name}_created_at_index ON ${burr_table} (created_at);
