package dev.pgflink.job.transform;

import dev.pgflink.core.dms.ErrorType;
import dev.pgflink.job.source.KinesisRecord;

/** A Kinesis record the transform rejected, with why. A Flink POJO. */
public class RejectedRecord {
    public KinesisRecord record;
    public ErrorType errorType;
    public String reason;

    public RejectedRecord() {
    }

    public RejectedRecord(KinesisRecord record, ErrorType errorType, String reason) {
        this.record = record;
        this.errorType = errorType;
        this.reason = reason;
    }
}
