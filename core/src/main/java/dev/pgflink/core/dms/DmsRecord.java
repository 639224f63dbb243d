package dev.pgflink.core.dms;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One DMS Kinesis record: a data record ({@code data}, optional before-image, {@code metadata})
 * or a control record (optional {@code control}, {@code metadata}). Top-level fields DMS does not
 * define are kept in {@link #extraFields()}. Column values are Jackson nodes that keep numbers
 * exactly (see {@link DmsJson}).
 */
public final class DmsRecord {
    private final DmsMetadata metadata;
    private final ObjectNode data;
    private final ObjectNode beforeImage;
    private final ObjectNode control;
    private final ObjectNode extraFields;

    private DmsRecord(DmsMetadata metadata, ObjectNode data, ObjectNode beforeImage, ObjectNode control,
            ObjectNode extraFields) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.data = data;
        this.beforeImage = beforeImage;
        this.control = control;
        this.extraFields = extraFields == null ? JsonNodeFactory.instance.objectNode() : extraFields;
    }

    /** A data record; {@code beforeImage} may be null. */
    public static DmsRecord data(DmsMetadata metadata, ObjectNode data, ObjectNode beforeImage) {
        if (metadata.recordType() != RecordType.DATA) {
            throw new IllegalArgumentException("a data record needs data metadata, not " + metadata);
        }
        return new DmsRecord(metadata, Objects.requireNonNull(data, "data"), beforeImage, null, null);
    }

    /** A control record; {@code control} may be null (DMS sends it only with IncludeControlDetails). */
    public static DmsRecord control(DmsMetadata metadata, ObjectNode control) {
        if (metadata.recordType() != RecordType.CONTROL) {
            throw new IllegalArgumentException("a control record needs control metadata, not " + metadata);
        }
        return new DmsRecord(metadata, null, null, control, null);
    }

    /** Any combination of parts, as a parser found them. */
    static DmsRecord of(DmsMetadata metadata, ObjectNode data, ObjectNode beforeImage, ObjectNode control,
            ObjectNode extraFields) {
        return new DmsRecord(metadata, data, beforeImage, control, extraFields);
    }

    /** This record with extra top-level fields (those DMS does not define). */
    public DmsRecord withExtraFields(ObjectNode extraFields) {
        return new DmsRecord(metadata, data, beforeImage, control, extraFields);
    }

    public DmsMetadata metadata() {
        return metadata;
    }

    public RecordType recordType() {
        return metadata.recordType();
    }

    /** The row's columns as DMS sent them; null on control records. */
    public ObjectNode data() {
        return data;
    }

    /** The before-image of an update; null when the record has none. */
    public ObjectNode beforeImage() {
        return beforeImage;
    }

    /** The control details (table definition); null when absent. */
    public ObjectNode control() {
        return control;
    }

    /** Top-level fields DMS does not define; never null. */
    public ObjectNode extraFields() {
        return extraFields;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DmsRecord)) {
            return false;
        }
        DmsRecord that = (DmsRecord) o;
        return metadata.equals(that.metadata)
                && Objects.equals(data, that.data)
                && Objects.equals(beforeImage, that.beforeImage)
                && Objects.equals(control, that.control)
                && extraFields.equals(that.extraFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metadata, data, beforeImage, control);
    }

    @Override
    public String toString() {
        return metadata + (data == null ? "" : " " + data);
    }
}
