package dev.pgflink.job;

import static dev.pgflink.core.config.JobProperty.BASE_PATH;
import static dev.pgflink.core.config.JobProperty.STREAM_NAMES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.config.JobPropertyGroups;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.job.sink.RawLineSerializer;
import dev.pgflink.job.transform.FlatRecordSerializer;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployed graph, built as the job builds it: the records that cross the network use the hand-written serializers. */
class StreamingJobGraphTest {

    @Test
    void recordsCrossingTheNetworkUseTheHandWrittenSerializers(@TempDir Path output) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // A local path: the sinks resolve their file system while the graph is built, and no S3 plugin is loaded here.
        StreamingJob.build(env, JobConfig.from(new JobPropertyGroups().set(STREAM_NAMES, "cdc-orders")
                .set(BASE_PATH, output.toUri().toString()).toMap()));
        Map<String, TypeSerializer<?>> inputs = env.getStreamGraph().getStreamNodes().stream()
                .filter(node -> node.getTypeSerializersIn().length == 1)
                .collect(Collectors.toMap(StreamNode::getOperatorName, node -> node.getTypeSerializersIn()[0]));

        assertThat(inputs.get("windows")).isInstanceOf(FlatRecordSerializer.class);
        assertThat(inputs.get("transformed: Writer")).isInstanceOf(FlatRecordSerializer.class);
        assertThat(inputs.get("raw: Writer")).isInstanceOf(RawLineSerializer.class);
    }
}
