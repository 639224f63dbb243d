package dev.pgflink.parity.bench;

import dev.pgflink.parity.ParityComparer;
import dev.pgflink.parity.ParityReport;
import dev.pgflink.parity.PathOutput;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Compares N generated records per side (default 1,000,000, ~330 bytes each) in a small heap and
 * prints the time and the peak heap used. The records are generated while read, as S3 objects
 * would stream, so only the comparison holds memory.
 *
 * <pre>./mvnw -q -pl parity -Pbench test-compile exec:exec -Dbench.args=1000000</pre>
 */
public final class ParityBench {
    public static void main(String[] args) throws IOException {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path work = Files.createTempDirectory("parity-bench");
        long started = System.nanoTime();
        ParityReport report = new ParityComparer(Map.of("delivery.orders", List.of("id")), work,
                ParityComparer.DEFAULT_PARTITIONS, 10, false, System.out::println)
                .compare(new Generated("flink", records, 0), new Generated("firehose", records, 7919));
        double seconds = (System.nanoTime() - started) / 1e9;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getPeakUsage)
                .mapToLong(u -> u.getUsed()).sum();
        System.out.printf("parity bench: %,d records per side, equal=%s, %.1f s (%,.0f records/s), peak heap %,d MiB of -Xmx %,d MiB%n",
                records, report.equal(), seconds, 2 * records / seconds, peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        Files.delete(work);
    }

    /** A side of {@code count} flat records, in a rotated order so the two sides differ in order. */
    private static final class Generated implements PathOutput {
        private final String name;
        private final int count;
        private final int rotation;

        Generated(String name, int count, int rotation) {
            this.name = name;
            this.count = count;
            this.rotation = rotation;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String location() {
            return "generated:" + name;
        }

        @Override
        public void readRecords(LineConsumer consumer) throws IOException {
            for (int i = 0; i < count; i++) {
                int id = (i + rotation) % count;
                consumer.accept("{\"id\":" + id + ",\"order_number\":\"G" + id + "\",\"customer_name\":\"Emma Johnson\","
                        + "\"status\":\"Delivered\",\"total_amount\":45.5,\"payment_status\":\"Paid\","
                        + "\"delivery_address\":\"12 Oak Ave, Springfield\",\"__op\":\"insert\",\"__schema\":\"delivery\","
                        + "\"__table\":\"orders\",\"__timestamp\":\"2024-12-16T13:24:38.504090Z\","
                        + "\"__commit_timestamp\":\"2024-12-16T13:24:38.500000Z\",\"__transaction_id\":" + (554249 + id / 5)
                        + ",\"__transaction_record_id\":" + (id % 5 + 1) + ",\"__stream_position\":\"0/" + Integer.toHexString(id) + "\"}");
            }
        }

        @Override
        public void readErrors(ErrorConsumer consumer) {
        }

        @Override
        public long objectsRead() {
            return count / 10_000;
        }
    }
}
