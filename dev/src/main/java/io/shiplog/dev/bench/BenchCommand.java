package io.shiplog.dev.bench;

import picocli.CommandLine.Command;

/** {@code shiplog bench <name>}: benchmarks on real infrastructure (also {@code scripts/bench <name>}). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that start their own real infrastructure, print a table while they run and end "
                + "with one summary line '<name>: key=value ...'.",
        subcommands = {InfraBench.class, PolicyBench.class, ApplierBench.class, GitWriterBench.class,
            AuditorBench.class, DriftBench.class, ScannerBench.class, ReleaseBench.class, ScaleBench.class, RenderBench.class,
            ChaosBench.class})
public final class BenchCommand {
}
