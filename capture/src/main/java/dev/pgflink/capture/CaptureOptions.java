package dev.pgflink.capture;

import dev.pgflink.capture.render.DmsSettings;
import java.net.URI;
import java.time.Duration;

/**
 * Everything the capture needs to run: where to read, where to write, what to select, and the
 * DMS settings to render with.
 *
 * @param kinesisEndpoint null for AWS
 * @param accessKey null for the default AWS credential chain
 * @param fullLoad load the selected tables first (DMS full-load-and-cdc) when the slot is new
 */
public record CaptureOptions(
        String jdbcUrl,
        String user,
        String password,
        String slot,
        String publication,
        String stream,
        String region,
        URI kinesisEndpoint,
        String accessKey,
        String secretKey,
        TableSelection tables,
        boolean fullLoad,
        DmsSettings dms,
        Duration flushInterval,
        Duration progressInterval) {

    public CaptureOptions {
        requireIdentifier(slot, "slot");
        requireIdentifier(publication, "publication");
    }

    /** Slot and publication names go into SQL and replication commands: plain identifiers only. */
    private static void requireIdentifier(String name, String what) {
        if (name == null || !name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(what + " name must be lower-case letters, digits and _ (at most 63), "
                    + "starting with a letter or _: '" + name + "'");
        }
    }
}
