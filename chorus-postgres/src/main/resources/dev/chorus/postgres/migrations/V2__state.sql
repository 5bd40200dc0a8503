-- Read models, checkpoints, dead letters, saga state. Keys are the UTF-8 bytes of the key: bytea compares
-- byte by byte, which is code point order, whatever the database's collation, and a key may hold U+0000.
CREATE TABLE ${schema}.state (
    key   bytea NOT NULL PRIMARY KEY CHECK (octet_length(key) BETWEEN 1 AND 1024),
    value bytea NOT NULL
);
