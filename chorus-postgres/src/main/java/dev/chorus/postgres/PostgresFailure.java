package dev.chorus.postgres;

import dev.chorus.core.ChorusException;
import java.sql.SQLException;

/**
 * PostgreSQL could not be reached or refused a statement, so the operation did not happen (a commit that failed is
 * rolled back). {@code sqlState} is PostgreSQL's error code, e.g. {@code 08001} when the server cannot be reached or
 * {@code 28P01} for a wrong password; empty when the driver gave none.
 */
public final class PostgresFailure extends ChorusException {
    private final String operation;
    private final String sqlState;

    public PostgresFailure(String operation, SQLException cause) {
        super("PostgreSQL failed to " + operation + stateOf(cause) + ": " + cause.getMessage(), cause);
        this.operation = operation;
        this.sqlState = cause.getSQLState() == null ? "" : cause.getSQLState();
    }

    /** What was being done, e.g. {@code append to order-1}. */
    public String operation() {
        return operation;
    }

    public String sqlState() {
        return sqlState;
    }

    private static String stateOf(SQLException cause) {
        return cause.getSQLState() == null ? "" : " (SQLSTATE " + cause.getSQLState() + ")";
    }
}
