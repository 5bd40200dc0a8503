/**
 * A real PostgreSQL for tests ({@link dev.chorus.testkit.postgres.PostgresFixture}): the machine's own when
 * {@code CHORUS_TEST_POSTGRES_URL} is set, otherwise an embedded one, with a fresh database per test.
 */
@NullMarked
package dev.chorus.testkit.postgres;

import org.jspecify.annotations.NullMarked;
