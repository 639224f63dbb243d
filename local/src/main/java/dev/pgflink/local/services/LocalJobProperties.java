package dev.pgflink.local.services;

import static dev.pgflink.core.config.JobProperty.ACCESS_KEY;
import static dev.pgflink.core.config.JobProperty.BASE_PATH;
import static dev.pgflink.core.config.JobProperty.ENDPOINT;
import static dev.pgflink.core.config.JobProperty.INITIAL_POSITION;
import static dev.pgflink.core.config.JobProperty.S3_ACCESS_KEY;
import static dev.pgflink.core.config.JobProperty.S3_ENDPOINT;
import static dev.pgflink.core.config.JobProperty.S3_SECRET_KEY;
import static dev.pgflink.core.config.JobProperty.SECRET_KEY;
import static dev.pgflink.core.config.JobProperty.STREAM_NAMES;

import dev.pgflink.core.config.JobPropertyGroups;

/** The job's properties for reading a local Kinesis emulator and writing to a local S3. */
public final class LocalJobProperties {
    private LocalJobProperties() {
    }

    /**
     * Reads {@code stream} from the start ({@code TRIM_HORIZON}: kinesalite mishandles the
     * timestamp {@code LATEST} asks for) and writes under {@code s3://bucket}.
     */
    public static JobPropertyGroups against(KinesisService kinesis, String stream, S3Service s3, String bucket) {
        return new JobPropertyGroups()
                .set(STREAM_NAMES, stream)
                .set(ENDPOINT, kinesis.endpoint().toString())
                .set(ACCESS_KEY, KinesisService.ACCESS_KEY)
                .set(SECRET_KEY, KinesisService.SECRET_KEY)
                .set(INITIAL_POSITION, "TRIM_HORIZON")
                .set(BASE_PATH, "s3://" + bucket)
                .set(S3_ENDPOINT, s3.endpoint().toString())
                .set(S3_ACCESS_KEY, s3.accessKey())
                .set(S3_SECRET_KEY, s3.secretKey());
    }
}
