package dev.pgflink.local.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The Flink Web UI's REST API on loopback, as the tests read the running job from it. */
final class FlinkWebUi {
    private final int port;

    FlinkWebUi(int port) {
        this.port = port;
    }

    /** A page of the Web UI or its REST API; fails unless it answers 200. */
    String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** {@code /jobs/ID/vertices/VID} of the running job's vertex whose name contains {@code vertex}. */
    String vertexPath(String vertex) throws Exception {
        String jobId = S3Outputs.json(get("/jobs/overview")).get("jobs").get(0).get("jid").asText();
        String vertexId = null;
        for (JsonNode v : S3Outputs.json(get("/jobs/" + jobId)).get("vertices")) {
            if (v.get("name").asText().contains(vertex)) {
                vertexId = v.get("id").asText();
            }
        }
        assertThat(vertexId).as("a vertex named like " + vertex).isNotNull();
        return "/jobs/" + jobId + "/vertices/" + vertexId;
    }

    /**
     * A job metric summed over the vertex's subtasks; waits until it reaches {@code expected} (the
     * UI fetches metrics every few seconds) and returns the last value read.
     */
    long awaitMetric(String vertex, String metric, long expected) throws Exception {
        String base = vertexPath(vertex) + "/subtasks/metrics";
        long value = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (value != expected && System.nanoTime() < deadline) {
            // Operator metrics are listed as <operator name>.<group>.<name>.
            String id = null;
            for (JsonNode m : S3Outputs.json(get(base))) {
                if (m.get("id").asText().endsWith("." + metric)) {
                    id = m.get("id").asText();
                }
            }
            if (id != null) {
                value = (long) S3Outputs.json(get(base + "?get=" + id + "&agg=sum")).get(0).get("sum").asDouble();
            }
            if (value != expected) {
                Thread.sleep(500);
            }
        }
        return value;
    }

    /** Records each subtask of the vertex has read, once they add up to {@code expected} (or 30 s). */
    List<Long> awaitRecordsPerSubtask(String vertex, long expected) throws Exception {
        String path = vertexPath(vertex);
        List<Long> perSubtask = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            perSubtask.clear();
            for (JsonNode subtask : S3Outputs.json(get(path)).get("subtasks")) {
                perSubtask.add(subtask.path("metrics").path("read-records").asLong());
            }
            if (perSubtask.stream().mapToLong(Long::longValue).sum() >= expected) {
                break;
            }
            Thread.sleep(500);
        }
        return perSubtask;
    }
}
