package io.shiplog.auditor.project;

import java.time.Instant;

/**
 * Where the projection is, for {@code GET /api/v1/store/status} and {@code shiplog replay audit}.
 *
 * @param state               {@code STARTING}, {@code CATCHING_UP}, {@code LIVE} (nothing left to read) or
 *                            {@code REBUILDING} (a rebuild was asked for and has not started reading yet)
 * @param eventsProjected     records read since start-up or the last rebuild (dead-lettered ones included)
 * @param lag                 records still to read, over every partition
 * @param eventsPerSecond     projection rate since start-up or the last rebuild: events projected over the time from
 *                            the first record read to the last chunk written
 * @param futureFieldsIgnored fields from newer schema versions that were dropped
 * @param deadLettered        records sent to the DLQ
 * @param since               start-up or the last rebuild
 * @param rebuilds            how many rebuilds ran
 * @param backfillDone        the deliveries backfill ran once the lag first reached 0 (since start-up or the last
 *                            rebuild): the DORA query reads what applies delivered from their rows
 */
public record ProjectionStatus(String state, long eventsProjected, long lag, double eventsPerSecond,
                               long futureFieldsIgnored, long deadLettered, Instant since, long rebuilds,
                               boolean backfillDone) {
}
