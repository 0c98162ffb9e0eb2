package io.shiplog.local.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.local.schemaregistry.LogRecord.ConfigChanged;
import io.shiplog.local.schemaregistry.LogRecord.Registered;
import io.shiplog.local.schemaregistry.LogRecord.VersionDeleted;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RegistryStateTest {

    private static final SchemaDefinition A = new SchemaDefinition("\"string\"", List.of());
    private static final SchemaDefinition B = new SchemaDefinition("\"int\"", List.of());
    private static final SchemaDefinition C = new SchemaDefinition("\"long\"", List.of());

    /** A log as Kafka stores it: records at offsets, with compaction keeping only the last record per key. */
    private static final class Log {
        private final List<LogRecord> records = new ArrayList<>();

        long append(LogRecord record) {
            records.add(record);
            return records.size() - 1;
        }

        long end() {
            return records.size();
        }

        RegistryState replay(boolean compacted) {
            Set<Long> survivors = new HashSet<>();
            Map<String, Long> lastOffsetByKey = new LinkedHashMap<>();
            for (int offset = 0; offset < records.size(); offset++) {
                lastOffsetByKey.put(LogRecordCodec.encode(records.get(offset)).key(), (long) offset);
            }
            survivors.addAll(lastOffsetByKey.values());
            RegistryState state = new RegistryState();
            for (int offset = 0; offset < records.size(); offset++) {
                if (!compacted || survivors.contains((long) offset)) {
                    LogRecordCodec.Encoded e = LogRecordCodec.encode(records.get(offset));
                    state.apply(offset, LogRecordCodec.decode(e.key(), e.value()));
                }
            }
            state.advanceTo(records.size());
            return state;
        }
    }

    private static Registered claim(String subject, int version, int id, SchemaDefinition schema, long basedOn) {
        return new Registered(subject, version, id, schema, basedOn, UUID.randomUUID().toString());
    }

    /** Everything observable about a state, to compare two replays. */
    private static String describe(RegistryState state) {
        StringBuilder out = new StringBuilder();
        for (String subject : state.subjects(true)) {
            out.append(subject).append(state.versions(subject, true)).append(state.subjectLevel(subject)).append(';');
        }
        for (int id = 1; id < state.nextId() + 2; id++) {
            out.append(id).append('=').append(state.schema(id).map(SchemaDefinition::schema).orElse("-")).append(';');
        }
        return out.append(state.globalLevel()).append(state.nextId()).toString();
    }

    @Test
    void claimCountsOnlyWhenItLandsAtTheOffsetItWasBasedOn() {
        Log log = new Log();
        log.append(claim("orders-value", 1, 1, A, 0));
        log.append(claim("orders-value", 2, 2, B, 0)); // writer had not seen offset 0

        RegistryState state = log.replay(false);

        assertThat(state.versions("orders-value", true)).extracting(SubjectVersion::id).containsExactly(1);
        assertThat(state.schema(2)).isEmpty();
        assertThat(state.nextId()).isEqualTo(2);
    }

    @Test
    void losingClaimNeverTakesEffectEvenAfterCompactionRemovesRecordsAroundIt() {
        Log log = new Log();
        long winner = log.append(claim("orders-value", 1, 1, A, 0));
        log.append(claim("orders-value", 1, 7, B, winner)); // lost: lands at 1, based on 0
        log.append(new VersionDeleted("orders-value", 1, false));
        log.append(new ConfigChanged("orders-value", CompatibilityLevel.NONE));
        log.append(new VersionDeleted("orders-value", 1, false)); // duplicate soft delete from a racing instance
        log.append(new VersionDeleted("orders-value", 1, true));
        log.append(new ConfigChanged("orders-value", null));

        RegistryState full = log.replay(false);
        RegistryState compacted = log.replay(true);

        assertThat(describe(compacted)).isEqualTo(describe(full));
        assertThat(full.schema(7)).isEmpty();
        assertThat(full.version("orders-value", 1)).get().extracting(SubjectVersion::state)
                .isEqualTo(VersionState.HARD_DELETED);
        assertThat(full.subjectLevel("orders-value")).isEmpty();
    }

    @Test
    void identicalClaimsFromTwoWritersKeepTheWinnerUnderCompaction() {
        Log log = new Log();
        log.append(claim("orders-value", 1, 1, A, 0));
        log.append(claim("orders-value", 1, 1, A, 0)); // a second writer that read the same state, one record late

        RegistryState compacted = log.replay(true);

        assertThat(compacted.versions("orders-value", false)).extracting(SubjectVersion::id).containsExactly(1);
        assertThat(describe(compacted)).isEqualTo(describe(log.replay(false)));
    }

    @Test
    void sameSchemaUnderAnotherSubjectKeepsItsIdAndAClaimRebindingAnIdIsIgnored() {
        Log log = new Log();
        log.append(claim("a-value", 1, 1, A, log.end()));
        log.append(claim("b-value", 1, 1, A, log.end()));
        log.append(claim("c-value", 1, 1, B, log.end())); // buggy writer: id 1 belongs to A
        log.append(claim("d-value", 1, 2, A, log.end())); // buggy writer: A already has id 1

        RegistryState state = log.replay(false);

        assertThat(state.versionsWithId(1, false)).extracting(SubjectVersion::subject)
                .containsExactly("a-value", "b-value");
        assertThat(state.subjects(true)).containsExactly("a-value", "b-value");
        assertThat(state.idOf(A)).contains(1);
    }

    @Test
    void deletesOnlyMoveAVersionForwardWhateverTheirOrder() {
        Log log = new Log();
        log.append(claim("s", 1, 1, A, log.end()));
        log.append(new VersionDeleted("s", 1, true));
        log.append(new VersionDeleted("s", 1, false));

        RegistryState state = log.replay(false);

        assertThat(state.version("s", 1)).get().extracting(SubjectVersion::state)
                .isEqualTo(VersionState.HARD_DELETED);
        assertThat(state.versions("s", true)).isEmpty();
        assertThat(describe(log.replay(true))).isEqualTo(describe(state));
    }

    @Test
    void softDeletedVersionsStayVisibleOnRequestAndIdsStayReadable() {
        Log log = new Log();
        log.append(claim("s", 1, 1, A, log.end()));
        log.append(claim("s", 2, 2, B, log.end()));
        log.append(new VersionDeleted("s", 1, false));

        RegistryState state = log.replay(false);

        assertThat(state.versions("s", false)).extracting(SubjectVersion::version).containsExactly(2);
        assertThat(state.versions("s", true)).extracting(SubjectVersion::version).containsExactly(1, 2);
        assertThat(state.schema(1)).contains(A);
    }

    @Test
    void versionNumbersAndIdsAreNotReusedAfterAPermanentDelete() {
        Log log = new Log();
        log.append(claim("s", 1, 1, A, log.end()));
        log.append(claim("s", 2, 2, B, log.end()));
        log.append(new VersionDeleted("s", 2, false));
        log.append(new VersionDeleted("s", 2, true));

        RegistryState state = log.replay(true);

        assertThat(state.nextVersion("s")).isEqualTo(3);
        assertThat(state.nextId()).isEqualTo(3);
        assertThat(state.idOf(B)).contains(2);
        assertThat(state.schema(3)).isEmpty();
        assertThat(state.idOf(C)).isEmpty();
    }

    @Test
    void lastConfigRecordWinsAndATombstoneFallsBackToTheGlobalLevel() {
        Log log = new Log();
        log.append(new ConfigChanged(null, CompatibilityLevel.FULL));
        log.append(new ConfigChanged("s", CompatibilityLevel.NONE));
        log.append(new ConfigChanged("s", CompatibilityLevel.FORWARD));

        RegistryState state = log.replay(false);
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(state.effectiveLevel("other")).isEqualTo(CompatibilityLevel.FULL);

        log.append(new ConfigChanged("s", null));
        log.append(new ConfigChanged(null, null));
        RegistryState reverted = log.replay(true);
        assertThat(reverted.effectiveLevel("s")).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(reverted.subjectLevel("s")).isEmpty();
    }

    @Test
    void positionCoversRecordsThatCompactionRemoved() {
        RegistryState state = new RegistryState();
        state.apply(4, new ConfigChanged(null, CompatibilityLevel.NONE));
        assertThat(state.position()).isEqualTo(5);
        state.advanceTo(9);
        assertThat(state.position()).isEqualTo(9);
        state.advanceTo(3);
        assertThat(state.position()).isEqualTo(9);
    }
}
