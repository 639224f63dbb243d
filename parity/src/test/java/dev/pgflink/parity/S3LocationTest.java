package dev.pgflink.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3LocationTest {
    @Test
    void parsesBucketAndRoot() {
        assertThat(S3Location.parse("s3://my-bucket/flink")).isEqualTo(new S3Location("my-bucket", "flink"));
        assertThat(S3Location.parse("s3://b/team/cdc/firehose/")).isEqualTo(new S3Location("b", "team/cdc/firehose"));
    }

    @Test
    void aLocationWithoutRootIsRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> S3Location.parse("s3://my-bucket")).hasMessageContaining("s3://BUCKET/ROOT");
        assertThatThrownBy(() -> S3Location.parse("my-bucket/flink")).hasMessageContaining("not an S3 location");
    }
}
