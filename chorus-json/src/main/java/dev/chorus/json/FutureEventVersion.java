package dev.chorus.json;

import dev.chorus.core.EventType;

/**
 * The event was written by newer code than this service runs: its version is above the registered one.
 * Reading it as today's record could drop what the newer version added, so it is refused. Deploy the newer
 * contract here, or skip the event.
 */
public final class FutureEventVersion extends UnreadableEventVersion {
    public FutureEventVersion(EventType stored, long position, int currentVersion) {
        super(stored, position, currentVersion, "stored event " + stored + " at position " + position
                + " is newer than the registered " + stored.name() + "/v" + currentVersion
                + "; it was written by newer code: deploy the newer event contract to this service, or skip it");
    }
}
