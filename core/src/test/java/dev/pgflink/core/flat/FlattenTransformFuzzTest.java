package dev.pgflink.core.flat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pgflink.core.dms.DmsMetadata;
import dev.pgflink.core.dms.DmsRecordParser;
import dev.pgflink.core.dms.ErrorType;
import dev.pgflink.core.fuzz.DmsRecordArbitraries;
import dev.pgflink.core.fuzz.GeneratedRecord;
import dev.pgflink.core.fuzz.TransformChecks;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The transform against generated DMS records and against the same records damaged byte by byte.
 * Tries per property: {@code fuzz.tries} (2,000 by default, 100,000 with {@code -Pfuzz}).
 * One transform serves every try, as in the job and the Lambda, so state left over from one record
 * would show in the next.
 */
class FlattenTransformFuzzTest {
    private final FlattenTransform transform = new FlattenTransform();
    private final DmsRecordParser parser = new DmsRecordParser();

    @Provide
    Arbitrary<GeneratedRecord> records() {
        return DmsRecordArbitraries.records();
    }

    @Provide
    Arbitrary<byte[]> mutants() {
        return DmsRecordArbitraries.mutants();
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return DmsRecordArbitraries.noise();
    }

    @Property
    void aValidRecordBecomesTheLineItsModelPredicts(@ForAll("records") GeneratedRecord record) {
        TransformResult result = transform.apply(record.bytes());

        TransformChecks.assertFaithful(record, result);
        assertThat(parser.parse(record.bytes()).isOk()).isTrue();
        Statistics.label("format").collect(record.format());
        Statistics.label("kind").collect(result.kind());
        Statistics.label("operation").collect(result.metadata().operation());
        Statistics.label("kind").coverage(coverage -> {
            coverage.check(TransformResult.Kind.DATA).percentage(p -> p > 50);
            coverage.check(TransformResult.Kind.CONTROL).percentage(p -> p > 5);
        });
    }

    @Property
    void aDamagedRecordIsRejectedWithAReasonOrCarriesItsValues(@ForAll("mutants") byte[] input) {
        TransformResult result = transform.apply(input);

        TransformChecks.assertRejectedOrFaithful(input, result);
        assertTheParserAgrees(input, result);
        ErrorType type = result.rejection() == null ? null : result.rejection().type();
        Statistics.label("outcome").collect(type == null ? result.kind().name() : type.label());
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check(ErrorType.NOT_UTF8.label()).percentage(p -> p > 5);
            coverage.check(ErrorType.NOT_JSON.label()).percentage(p -> p > 5);
            coverage.checkPattern("DATA|CONTROL").percentage(p -> p > 5);
        });
    }

    @Property
    void noiseIsRejectedWithAReason(@ForAll("noise") byte[] input) {
        TransformResult result = transform.apply(input);

        TransformChecks.assertRejectedOrFaithful(input, result);
        assertTheParserAgrees(input, result);
    }

    /** The model parser reads records through the same scanner: it must classify them the same way. */
    private void assertTheParserAgrees(byte[] input, TransformResult result) {
        DmsRecordParser.ParseResult parsed = parser.parse(input);
        if (result.kind() == TransformResult.Kind.REJECTED) {
            assertThat(parsed.rejection()).isEqualTo(result.rejection());
        } else {
            assertThat(parsed.isOk()).as("parsed %s", parsed).isTrue();
            // The parser also keeps metadata fields DMS does not define; the transform leaves them out.
            DmsMetadata metadata = parsed.record().metadata().toBuilder()
                    .extraFields(JsonNodeFactory.instance.objectNode()).build();
            assertThat(metadata).isEqualTo(result.metadata());
        }
    }
}
