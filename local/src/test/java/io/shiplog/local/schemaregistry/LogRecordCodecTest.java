package io.shiplog.local.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.local.schemaregistry.LogRecord.ConfigChanged;
import io.shiplog.local.schemaregistry.LogRecord.Registered;
import io.shiplog.local.schemaregistry.LogRecord.VersionDeleted;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRecordCodecTest {

    private static LogRecord roundTrip(LogRecord record) {
        LogRecordCodec.Encoded encoded = LogRecordCodec.encode(record);
        return LogRecordCodec.decode(encoded.key(), encoded.value());
    }

    @Test
    void everyRecordKindSurvivesARoundTrip() {
        Registered registered = new Registered("orders-value", 3, 17,
                new SchemaDefinition("{\"type\":\"record\",\"name\":\"O\",\"fields\":[{\"name\":\"m\",\"type\":\"M\"}]}",
                        List.of(new SchemaReference("M", "meta-value", 2))), 41, "nonce-1");
        List<LogRecord> records = List.of(registered,
                new VersionDeleted("orders-value", 3, false), new VersionDeleted("orders-value", 3, true),
                new ConfigChanged(null, CompatibilityLevel.FULL_TRANSITIVE), new ConfigChanged("s", null));

        assertThat(records).allSatisfy(record -> assertThat(roundTrip(record)).isEqualTo(record));
    }

    @Test
    void claimsHaveUniqueKeysWhileDeletesAndConfigShareOneKeyPerTarget() {
        SchemaDefinition schema = new SchemaDefinition("\"string\"", List.of());
        String claim1 = LogRecordCodec.encode(new Registered("s", 1, 1, schema, 0, "n1")).key();
        String claim2 = LogRecordCodec.encode(new Registered("s", 1, 1, schema, 0, "n2")).key();
        String soft = LogRecordCodec.encode(new VersionDeleted("s", 1, false)).key();
        String hard = LogRecordCodec.encode(new VersionDeleted("s", 1, true)).key();

        assertThat(claim1).isNotEqualTo(claim2);
        assertThat(soft).isNotEqualTo(hard).isEqualTo(LogRecordCodec.encode(new VersionDeleted("s", 1, false)).key());
        assertThat(LogRecordCodec.encode(new ConfigChanged("s", CompatibilityLevel.NONE)).key())
                .isEqualTo(LogRecordCodec.encode(new ConfigChanged("s", null)).key())
                .isNotEqualTo(LogRecordCodec.encode(new ConfigChanged(null, null)).key());
        assertThat(LogRecordCodec.encode(new ConfigChanged("s", null)).value()).isNull();
    }

    @Test
    void foreignRecordsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> LogRecordCodec.decode("{\"keytype\":\"SCHEMA\",\"magic\":1}", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown record kind");
        assertThatThrownBy(() -> LogRecordCodec.decode("not json", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key is not JSON");
        assertThatThrownBy(() -> LogRecordCodec.decode("{\"kind\":\"register\"}", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a value");
    }
}
