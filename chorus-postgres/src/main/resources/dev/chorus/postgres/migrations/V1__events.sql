-- The events, in one global order. A position is taken only while the head row is locked, so positions are
-- dense from 0 and commit in order; (stream_id, version) is what optimistic concurrency rests on.
CREATE TABLE ${schema}.events (
    position     bigint  NOT NULL PRIMARY KEY CHECK (position >= 0),
    stream_id    text    COLLATE "C" NOT NULL,
    version      bigint  NOT NULL CHECK (version >= 0),
    event_id     text    COLLATE "C" NOT NULL,
    type_name    text    COLLATE "C" NOT NULL,
    type_version integer NOT NULL CHECK (type_version >= 1),
    data         bytea   NOT NULL,
    metadata     json    NOT NULL,
    CONSTRAINT events_stream_version UNIQUE (stream_id, version)
);

-- Not unique: a redelivered handler appends copies under the ids it derived, as in the embedded log.
-- An import skips an id already here; it checks while it holds the head row, so no other write races it.
CREATE INDEX events_event_id ON ${schema}.events (event_id);

-- One row: the position the next event takes. Every append and import locks it for its transaction.
CREATE TABLE ${schema}.head (
    only_row      boolean NOT NULL PRIMARY KEY DEFAULT true CHECK (only_row),
    next_position bigint  NOT NULL CHECK (next_position >= 0)
);
INSERT INTO ${schema}.head (only_row, next_position) VALUES (true, 0);
