package dev.pgflink.capture;

import dev.pgflink.capture.render.DmsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the capture needs to run: where to read, where to write, what to select, and the
 * DMS settings to render with. Build it with {@link #builder()}; slot and publication names are
 * checked when it is built.
 *
 * @param password null to send none
 * @param kinesisEndpoint null for AWS
 * @param accessKey null for the default AWS credential chain
 * @param fullLoad load the selected tables first (DMS full-load-and-cdc) when the slot is new
 * @param flushInterval the longest a change waits before PutRecords
 * @param progressInterval how often the progress line is logged
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

    // Constants, so that CaptureMain's option defaults can name them.
    public static final String DEFAULT_USER = "postgres";
    public static final String DEFAULT_SLOT = "pgflink";
    public static final String DEFAULT_PUBLICATION = "pgflink";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final long DEFAULT_FLUSH_INTERVAL_MS = 200;
    public static final long DEFAULT_PROGRESS_INTERVAL_S = 5;

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

    /**
     * Options with the command line's defaults: user {@value #DEFAULT_USER}, slot and publication
     * {@value #DEFAULT_SLOT}, region {@value #DEFAULT_REGION}, every table, DMS's default settings, no
     * full load, flush after {@value #DEFAULT_FLUSH_INTERVAL_MS} ms, progress every
     * {@value #DEFAULT_PROGRESS_INTERVAL_S} s. The JDBC URL and the stream have no default.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Named settings for {@link CaptureOptions}; each returns this builder. */
    public static final class Builder {
        private String jdbcUrl;
        private String user = DEFAULT_USER;
        private String password;
        private String slot = DEFAULT_SLOT;
        private String publication = DEFAULT_PUBLICATION;
        private String stream;
        private String region = DEFAULT_REGION;
        private URI kinesisEndpoint;
        private String accessKey;
        private String secretKey;
        private TableSelection tables = TableSelection.all();
        private boolean fullLoad;
        private DmsSettings dms = DmsSettings.defaults();
        private Duration flushInterval = Duration.ofMillis(DEFAULT_FLUSH_INTERVAL_MS);
        private Duration progressInterval = Duration.ofSeconds(DEFAULT_PROGRESS_INTERVAL_S);

        private Builder() {
        }

        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder slot(String slot) {
            this.slot = slot;
            return this;
        }

        public Builder publication(String publication) {
            this.publication = publication;
            return this;
        }

        /** The Kinesis stream's name. */
        public Builder stream(String stream) {
            this.stream = stream;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder kinesisEndpoint(URI kinesisEndpoint) {
            this.kinesisEndpoint = kinesisEndpoint;
            return this;
        }

        /** Static credentials (local emulators); without them the default AWS credential chain is used. */
        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        public Builder tables(TableSelection tables) {
            this.tables = tables;
            return this;
        }

        public Builder fullLoad(boolean fullLoad) {
            this.fullLoad = fullLoad;
            return this;
        }

        public Builder dms(DmsSettings dms) {
            this.dms = dms;
            return this;
        }

        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = progressInterval;
            return this;
        }

        /**
         * @throws NullPointerException without a JDBC URL or a stream
         * @throws IllegalArgumentException for a slot or publication name that is not a plain identifier
         */
        public CaptureOptions build() {
            return new CaptureOptions(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password, slot, publication,
                    Objects.requireNonNull(stream, "stream"), region, kinesisEndpoint, accessKey, secretKey, tables,
                    fullLoad, dms, flushInterval, progressInterval);
        }
    }
}
