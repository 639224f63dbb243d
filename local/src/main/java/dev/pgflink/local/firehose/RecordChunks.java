package dev.pgflink.local.firehose;

import dev.pgflink.core.layout.SourceRecord;
import java.util.ArrayList;
import java.util.List;

/** Splits records, in order, into runs of at most a byte budget (a record larger than it runs alone). */
final class RecordChunks {
    private RecordChunks() {
    }

    static List<List<SourceRecord>> of(List<SourceRecord> records, long maxBytes) {
        List<List<SourceRecord>> chunks = new ArrayList<>();
        List<SourceRecord> chunk = new ArrayList<>();
        long bytes = 0;
        for (SourceRecord record : records) {
            if (!chunk.isEmpty() && bytes + record.data().length > maxBytes) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(record);
            bytes += record.data().length;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }
}
