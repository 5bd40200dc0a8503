package dev.chorus.log.crash;

import dev.chorus.core.RecordedEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.crash.CrashingAppender.Ack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a whole reopened log and checks it against what was acknowledged: every acknowledged event at
 * its position, intact and with its version; positions dense; stream versions dense; every append, acknowledged
 * or not, whole or absent; and each stream read through its index the same as the global order.
 */
final class LogAudit {
    private static final int MAX_PROBLEMS = 25;

    /**
     * @param events          events in the log
     * @param unacknowledged  events the crash left durable without their append being acknowledged
     * @param problems        everything that is wrong, the first few of them
     */
    record Result(long events, long unacknowledged, List<String> problems) {}

    private final List<String> problems = new ArrayList<>();

    private LogAudit() {}

    static Result of(EmbeddedLog log, Collection<Ack> acknowledged) {
        return new LogAudit().audit(log, acknowledged);
    }

    private Result audit(EmbeddedLog log, Collection<Ack> acknowledged) {
        long head = log.headPosition();
        var events = readAll(log, head);
        if (events.size() != head) {
            problem("head is " + head + " but readAll returned " + events.size() + " events");
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).position() != i) {
                problem("positions are not dense: event #" + i + " has position " + events.get(i).position());
                break;
            }
        }
        var byStream = checkEventsAndAppends(events);
        long acknowledgedEvents = checkAcknowledged(events, head, acknowledged);
        checkStreamReads(log, byStream);
        return new Result(events.size(), events.size() - acknowledgedEvents, List.copyOf(problems));
    }

    private Map<String, List<RecordedEvent>> checkEventsAndAppends(List<RecordedEvent> events) {
        var byStream = new LinkedHashMap<String, List<RecordedEvent>>();
        var nextVersion = new HashMap<String, Long>();
        Set<String> appends = new HashSet<>();
        Workload.Id open = null;
        RecordedEvent openedAt = null;
        for (RecordedEvent event : events) {
            Workload.Id id;
            try {
                id = Workload.Id.of(event);
            } catch (RuntimeException e) {
                problem("undecodable event " + event + ": " + e);
                continue;
            }
            if (!Arrays.equals(event.data(), Workload.payload(id.text()))) {
                problem("payload of " + id.text() + " at position " + event.position() + " is not what was written");
            }
            long version = nextVersion.getOrDefault(event.streamId(), 0L);
            if (event.version() != version) {
                problem("stream " + event.streamId() + " jumps to version " + event.version() + " at position "
                        + event.position() + "; expected " + version);
            }
            nextVersion.put(event.streamId(), event.version() + 1);
            byStream.computeIfAbsent(event.streamId(), s -> new ArrayList<>()).add(event);

            if (open != null) {
                boolean continues = id.appendId().equals(open.appendId()) && id.index() == open.index() + 1
                        && event.streamId().equals(openedAt.streamId());
                if (!continues) {
                    problem("atomic append " + open.appendId() + " is partial: " + (open.index() + 1) + " of "
                            + open.count() + " events from position " + openedAt.position() + ", then " + id.text()
                            + " at " + event.position());
                    open = null;
                }
            }
            if (open == null) {
                if (id.index() != 0) {
                    problem("atomic append " + id.appendId() + " starts at its event " + id.index() + " of "
                            + id.count() + " at position " + event.position());
                }
                if (!appends.add(id.appendId())) {
                    problem("append " + id.appendId() + " is in the log twice, again at position " + event.position());
                }
                openedAt = event;
            }
            open = id.index() + 1 < id.count() ? id : null;
        }
        if (open != null) {
            problem("the last atomic append " + open.appendId() + " is partial: " + (open.index() + 1) + " of "
                    + open.count() + " events");
        }
        return byStream;
    }

    private long checkAcknowledged(List<RecordedEvent> events, long head, Collection<Ack> acknowledged) {
        long count = 0;
        long maxPosition = -1;
        for (Ack ack : acknowledged) {
            count += ack.count();
            maxPosition = Math.max(maxPosition, ack.lastPosition());
            for (int i = 0; i < ack.count(); i++) {
                long position = ack.firstPosition() + i;
                String what = "acknowledged event " + Workload.eventId(ack.appendId(), i, ack.count()) + " at position "
                        + position;
                if (position >= events.size()) {
                    problem(what + " is lost: the log has " + events.size() + " events");
                    continue;
                }
                var event = events.get((int) position);
                var id = Workload.Id.of(event);
                boolean same = id.appendId().equals(ack.appendId()) && id.index() == i
                        && event.streamId().equals(ack.stream());
                if (!same) {
                    problem(what + " is not there: found " + id.text() + " of " + event.streamId());
                } else if (event.version() != ack.firstVersion() + i) {
                    problem(what + " has version " + event.version() + "; acknowledged " + (ack.firstVersion() + i));
                } else if (Workload.crc(event.data()) != ack.crcs().get(i)) {
                    problem(what + " has a payload checksum other than the acknowledged one");
                }
            }
        }
        if (head < maxPosition + 1) {
            problem("head " + head + " is below the last acknowledged position " + maxPosition + " + 1");
        }
        return count;
    }

    private void checkStreamReads(EmbeddedLog log, Map<String, List<RecordedEvent>> byStream) {
        byStream.forEach((stream, expected) -> {
            var read = log.readStream(stream);
            if (!read.equals(expected)) {
                problem("readStream(" + stream + ") returns " + read.size() + " events that differ from the "
                        + expected.size() + " of the global order");
            }
            long version = log.streamVersion(stream);
            if (version != expected.getLast().version()) {
                problem("streamVersion(" + stream + ") is " + version + "; its last event has version "
                        + expected.getLast().version());
            }
        });
    }

    private static List<RecordedEvent> readAll(EmbeddedLog log, long head) {
        var all = new ArrayList<RecordedEvent>((int) head);
        long from = 0;
        while (from < head) {
            var page = log.readAll(from, 10_000);
            if (page.isEmpty()) {
                break;
            }
            all.addAll(page);
            from = page.getLast().position() + 1;
        }
        return all;
    }

    private void problem(String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }
}
