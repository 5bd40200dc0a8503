/** The PostgreSQL stores' machinery: connection pool, migrations, the head listener, metadata encoding. */
@NullMarked
package dev.chorus.postgres.internal;

import org.jspecify.annotations.NullMarked;
