package io.shiplog.auditor.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What completed applies delivered, read from the commit tables: the applications (image repositories) their commit
 * and the commits they skipped moved ({@code commit_changes}), each with the earliest discovery of its causing tag
 * ({@code commit_causes} ⋈ {@code image_events}); a change naming no repository counts as {@link Deliveries#MANUAL}.
 * The DORA query reads it for applies whose {@code deliveries} column is {@code NULL}; the projection's backfill
 * writes it into that column. Shas and applies are looked up in chunks of {@value #CHUNK}.
 */
public final class CommitDeliveries {

    static final int CHUNK = 500;
    /** No discovery recorded for an application. */
    private static final long NONE = Long.MAX_VALUE;

    /**
     * What one apply delivered.
     *
     * @param applications application → earliest discovery in epoch ms ({@code null}: none recorded); empty for an
     *                     apply that moved none
     * @param complete     every commit of the apply and every causing image event is in the store, so the answer
     *                     cannot change any more (the projection of a later event cannot add to it)
     */
    public record Delivery(Map<String, Long> applications, boolean complete) {
    }

    private CommitDeliveries() {
    }

    /**
     * What the completed applies {@code commits} (apply seq → its commit sha, {@code null} for none) delivered, per
     * apply seq. Read with {@code jdbc}: the query pool, or the projection's inside its transaction.
     */
    public static Map<Long, Delivery> read(JdbcClient jdbc, Map<Long, String> commits) {
        Map<Long, List<String>> shasOf = new HashMap<>();
        commits.forEach((seq, sha) -> {
            List<String> shas = shasOf.computeIfAbsent(seq, k -> new ArrayList<>());
            if (sha != null) {
                shas.add(sha);
            }
        });
        for (List<Long> chunk : chunks(new ArrayList<>(commits.keySet()))) {
            query(jdbc, "SELECT apply_seq, sha FROM apply_skipped WHERE apply_seq IN (" + placeholders(chunk)
                    + ")", chunk, row -> shasOf.get(row.getLong(1)).add(row.getString(2)));
        }
        List<String> shas = shasOf.values().stream().flatMap(List::stream).distinct().toList();
        Set<String> known = new HashSet<>();
        Set<String> missingCause = new HashSet<>();
        // sha → application → earliest discovery of its causing tag (NONE: none recorded)
        Map<String, Map<String, Long>> moved = new HashMap<>();
        for (List<String> chunk : chunks(shas)) {
            query(jdbc, "SELECT DISTINCT sha FROM commits WHERE sha IN (" + placeholders(chunk) + ")", chunk,
                    row -> known.add(row.getString(1)));
            // joined on the event id alone (its index), the repository compared here: a join condition on the
            // repository too lets a planner without statistics walk every event of the repository instead
            query(jdbc, "SELECT ch.sha, ch.repository, cc.cause_event_id, i.event_id, i.repository, "
                    + "i.occurred_at FROM commit_changes ch "
                    + "LEFT JOIN commit_causes cc ON cc.sha = ch.sha "
                    + "LEFT JOIN image_events i ON i.event_id = cc.cause_event_id "
                    + "WHERE ch.sha IN (" + placeholders(chunk) + ")", chunk, row -> {
                        String sha = row.getString(1);
                        String repository = row.getString(2);
                        boolean causeMissing = row.getString(3) != null && row.getString(4) == null;
                        long discovered = row.getLong(6);
                        boolean same = !row.wasNull() && Objects.equals(repository, row.getString(5));
                        if (causeMissing) {
                            missingCause.add(sha);
                        }
                        moved.computeIfAbsent(sha, k -> new HashMap<>()).merge(
                                repository == null ? Deliveries.MANUAL : repository, same ? discovered : NONE,
                                Math::min);
                    });
        }
        Map<Long, Delivery> out = new HashMap<>();
        shasOf.forEach((seq, applyShas) -> {
            Map<String, Long> applications = new TreeMap<>();
            boolean complete = true;
            for (String sha : applyShas) {
                complete &= known.contains(sha) && !missingCause.contains(sha);
                moved.getOrDefault(sha, Map.of()).forEach((application, at) ->
                        applications.merge(application, at, Math::min));
            }
            applications.replaceAll((application, at) -> at == NONE ? null : at);
            out.put(seq, new Delivery(Collections.unmodifiableMap(applications), complete));
        });
        return out;
    }

    private static void query(JdbcClient jdbc, String sql, List<?> params, RowCallbackHandler reader) {
        jdbc.sql(sql).params(params).query(reader);
    }

    private static String placeholders(List<?> values) {
        return String.join(",", Collections.nCopies(values.size(), "?"));
    }

    private static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < values.size(); i += CHUNK) {
            chunks.add(values.subList(i, Math.min(values.size(), i + CHUNK)));
        }
        return chunks;
    }
}
