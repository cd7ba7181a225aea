-- The chatbot's own table, migrated by the application's Flyway (Burr's table is migrated by Burr).
-- Portable SQL: runs on SQLite, PostgreSQL, H2 and MariaDB.
CREATE TABLE chat_conversation (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_id     VARCHAR(100) NOT NULL,
    title       VARCHAR(200),
    created_at  BIGINT       NOT NULL,
    forked_from VARCHAR(64),
    forked_at   BIGINT
);

CREATE INDEX chat_conversation_user ON chat_conversation (user_id, created_at);
