package io.shiplog.dev.bench;

import io.shiplog.dev.services.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * When the chaos benchmark does what to the installation while releases are pushed: SIGKILLs of services, broker
 * stops, an API server going away, human commits. Drawn at random from a seed, so a run can be repeated.
 *
 * @param faults the faults, by offset from the first push
 */
record ChaosPlan(List<Timed> faults) {

    /** A fault and when it happens, counted from the first push. */
    record Timed(Duration at, Fault fault) {
    }

    /** Something done to the installation. */
    sealed interface Fault {
    }

    /** SIGKILL to one service, started again after {@code down}. */
    record Kill(Service service, Duration down) implements Fault {
    }

    /** The broker stopped and started again on the same data directory after {@code down}. */
    record BrokerRestart(Duration down) implements Fault {
    }

    /** One API server unreachable (connections refused) for {@code length}. */
    record ApiOutage(String cluster, Duration length) implements Fault {
    }

    /** A person commits to the config repository (the {@code n}-th such commit). */
    record HumanCommit(int n) implements Fault {
    }

    ChaosPlan {
        faults = faults.stream().sorted(Comparator.comparing(Timed::at)).toList();
    }

    /**
     * A plan over a push window of {@code window}: each service killed {@code killsPerService} times ({@code
     * totalKills} kills in all when that is fewer), {@code brokerRestarts} broker restarts, one API outage of
     * {@code outage} on {@code outageCluster}, {@code humans} human commits.
     */
    static ChaosPlan draw(long seed, Duration window, int totalKills, int brokerRestarts, String outageCluster,
                          Duration outage, int humans) {
        Random random = new Random(seed);
        List<Timed> faults = new ArrayList<>();
        List<Service> services = new ArrayList<>(Service.all());
        java.util.Collections.shuffle(services, random);
        for (int k = 0; k < totalKills; k++) {
            Service service = services.get(k % services.size());
            // each service's kills spread over the window, so its restarts do not queue up behind each other
            int rounds = (totalKills + services.size() - 1) / services.size();
            int round = k / services.size();
            faults.add(new Timed(at(window, random, 0.05 + 0.8 * round / rounds, 0.05 + 0.8 * (round + 1) / rounds),
                    new Kill(service, Duration.ofMillis(500 + random.nextInt(2000)))));
        }
        for (int b = 0; b < brokerRestarts; b++) {
            double from = 0.15 + 0.7 * b / brokerRestarts;
            faults.add(new Timed(at(window, random, from, from + 0.2), new BrokerRestart(Duration.ofSeconds(5))));
        }
        faults.add(new Timed(at(window, random, 0.3, 0.5), new ApiOutage(outageCluster, outage)));
        for (int h = 1; h <= humans; h++) {
            faults.add(new Timed(at(window, random, (h - 1.0) / humans, (double) h / humans), new HumanCommit(h)));
        }
        return new ChaosPlan(faults);
    }

    long kills() {
        return faults.stream().filter(t -> t.fault() instanceof Kill).count();
    }

    private static Duration at(Duration window, Random random, double from, double to) {
        double fraction = from + random.nextDouble() * Math.max(0, to - from);
        return Duration.ofMillis((long) (window.toMillis() * fraction));
    }
}
