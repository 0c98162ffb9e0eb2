package io.shiplog.dev.bench;

import io.shiplog.local.kafka.RestartableKafkaBroker;
import io.shiplog.local.net.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Carries out a {@link ChaosPlan} from {@link #start()} on, each fault on a thread of its own at its time. */
final class ChaosFaults {

    private final ChaosPlan plan;
    private final ChaosServices services;
    private final RestartableKafkaBroker kafka;
    private final Map<String, TcpProxy> switches;
    private final IntConsumer humanCommit;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(8, task -> {
        Thread thread = new Thread(task, "chaos-fault");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Future<?>> scheduled = new ArrayList<>();
    private final AtomicInteger brokerRestarts = new AtomicInteger();
    private final AtomicInteger humanCommits = new AtomicInteger();
    private final Object broker = new Object();

    ChaosFaults(ChaosPlan plan, ChaosServices services, RestartableKafkaBroker kafka, Map<String, TcpProxy> switches,
                IntConsumer humanCommit) {
        this.plan = plan;
        this.services = services;
        this.kafka = kafka;
        this.switches = switches;
        this.humanCommit = humanCommit;
    }

    void start() {
        for (ChaosPlan.Timed timed : plan.faults()) {
            scheduled.add(scheduler.schedule(() -> {
                apply(timed.fault());
                return null;
            }, timed.at().toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /** Waits until every fault was carried out and everything broken is back; rethrows a fault that failed. */
    void awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<?> future : scheduled) {
                future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a fault could not be carried out (or undone): " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the faults were not done after " + timeout.toMinutes() + " min", e);
        } finally {
            scheduler.shutdownNow();
        }
    }

    int kills() {
        return services.kills();
    }

    int brokerRestarts() {
        return brokerRestarts.get();
    }

    int humanCommits() {
        return humanCommits.get();
    }

    private void apply(ChaosPlan.Fault fault) throws Exception {
        if (fault instanceof ChaosPlan.Kill kill) {
            services.killAndRestart(kill.service(), kill.down());
        } else if (fault instanceof ChaosPlan.BrokerRestart restart) {
            synchronized (broker) {
                System.err.println("chaos: stopping the broker for " + restart.down().toSeconds() + " s");
                kafka.stop();
                Thread.sleep(restart.down().toMillis());
                kafka.start();
                brokerRestarts.incrementAndGet();
                System.err.println("chaos: broker started again on its data directory");
            }
        } else if (fault instanceof ChaosPlan.ApiOutage outage) {
            TcpProxy proxy = switches.get(outage.cluster());
            System.err.println("chaos: API server " + outage.cluster() + " unreachable for "
                    + outage.length().toSeconds() + " s");
            proxy.block();
            try {
                Thread.sleep(outage.length().toMillis());
            } finally {
                proxy.unblock();
            }
        } else if (fault instanceof ChaosPlan.HumanCommit human) {
            humanCommit.accept(human.n());
            humanCommits.incrementAndGet();
        }
    }
}
