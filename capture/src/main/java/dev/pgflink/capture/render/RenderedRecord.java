package dev.pgflink.capture.render;

/**
 * One DMS record ready for Kinesis.
 *
 * @param data the DMS JSON
 * @param partitionKey the Kinesis partition key, as DMS would choose it
 * @param commitLsn the commit LSN of the transaction the change belongs to
 */
public record RenderedRecord(byte[] data, String partitionKey, long commitLsn) {
}
