package dev.chorus.bench.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL a benchmark runs on: a server named by a JDBC URL, or an embedded PostgreSQL 14 (zonky, binaries
 * from Maven Central) on a free loopback port in a temp dir, with {@code synchronous_commit} on as a production
 * server has it (zonky turns it off by default). Schemas the benchmark made are dropped on close; the embedded
 * server is stopped and its directory deleted.
 */
final class BenchPostgres implements AutoCloseable {
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]*");
    /** USER_HZ, the unit of the times in /proc/PID/stat: 100 on the Linux kernels this runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final String jdbcUrl;
    private final @Nullable EmbeddedPostgres embedded;
    private final List<String> schemas;
    private long postmasterPid = -2;

    private BenchPostgres(String jdbcUrl, @Nullable EmbeddedPostgres embedded, List<String> schemas) {
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
        this.schemas = schemas;
    }

    /** {@code url} when given, else a new embedded server; {@code schemas} are the ones to drop at the end. */
    static BenchPostgres start(Optional<String> url, List<String> schemas) throws IOException {
        schemas.forEach(schema -> {
            if (!SCHEMA.matcher(schema).matches()) {
                throw new IllegalArgumentException("not a schema name: " + schema);
            }
        });
        if (url.isPresent()) {
            return new BenchPostgres(url.get(), null, List.copyOf(schemas));
        }
        quietZonky();
        var postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                .setServerConfig("synchronous_commit", "on")
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(true)
                .start();
        return new BenchPostgres("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?user=postgres",
                postgres, List.copyOf(schemas));
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    String description() {
        return embedded == null ? "PostgreSQL at " + jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***")
                : "embedded PostgreSQL 14 on 127.0.0.1:" + embedded.getPort() + " (synchronous_commit on)";
    }

    /**
     * CPU time the embedded server's processes have used so far, exited ones included: the postmaster's own, what it
     * collected from children that ended, and its live children's. Read from /proc, so -1 off Linux and for a server
     * elsewhere.
     */
    long serverCpuNanos() {
        if (embedded == null) {
            return -1;
        }
        long postmaster = postmasterPid();
        if (postmaster < 0) {
            return -1;
        }
        long ticks = ticks(postmaster, true);
        if (ticks < 0) {
            return -1;
        }
        var children = ProcessHandle.of(postmaster).map(process -> process.children().toList()).orElse(List.of());
        for (var child : children) {
            ticks += Math.max(0, ticks(child.pid(), false));
        }
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    private synchronized long postmasterPid() {
        if (postmasterPid == -2) {
            try (var connection = DriverManager.getConnection(jdbcUrl);
                 var query = connection.prepareStatement("SELECT pg_backend_pid()");
                 var rows = query.executeQuery()) {
                rows.next();
                postmasterPid = ProcessHandle.of(rows.getLong(1)).flatMap(ProcessHandle::parent)
                        .map(ProcessHandle::pid).orElse(-1L);
            } catch (SQLException e) {
                postmasterPid = -1;
            }
        }
        return postmasterPid;
    }

    /** utime + stime (and, with {@code reaped}, cutime + cstime) of {@code pid} in clock ticks, or -1. */
    private static long ticks(long pid, boolean reaped) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name is in parentheses and may hold spaces: the fields start after its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3 of the file): utime is field 14, stime 15, cutime 16, cstime 17.
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (reaped) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (embedded == null) {
                dropSchemas();
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private void dropSchemas() {
        try (var connection = DriverManager.getConnection(jdbcUrl)) {
            for (String schema : schemas) {
                // Names are ours and checked against SCHEMA above: no user input reaches this statement.
                try (var drop = connection.prepareStatement("DROP SCHEMA IF EXISTS " + schema + " CASCADE")) {
                    drop.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the benchmark's schemas " + schemas + ": " + e.getMessage(),
                    e);
        }
    }

    /** zonky logs every start at INFO through SLF4J; a level the user set is left alone. */
    private static void quietZonky() {
        String key = "org.slf4j.simpleLogger.log.io.zonky";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }
}
