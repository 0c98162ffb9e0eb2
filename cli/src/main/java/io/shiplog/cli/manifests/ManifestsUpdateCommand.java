package io.shiplog.cli.manifests;

import io.shiplog.gitwriter.edit.EditConflictException;
import io.shiplog.gitwriter.edit.FileEdits;
import io.shiplog.gitwriter.edit.LocationUpdate;
import io.shiplog.gitwriter.edit.Pin;
import io.shiplog.gitwriter.edit.UnifiedDiff;
import io.shiplog.gitwriter.manifest.DirectorySnapshot;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.ScanProblem;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.gitwriter.manifest.UnresolvedSetter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shiplog manifests update}: sets automated images in a directory's YAML files, byte-exact. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Set every automated image selected by --set to a new reference, rewriting only the bytes of "
                + "the image values (as git-writer does). Prints one line per change; --dry-run prints a unified "
                + "diff and writes nothing.",
            "Problems with other files or markers are printed as warnings and do not stop the update."},
        exitCodeListHeading = "%nExit status:%n", exitCodeList = {"0:done (or nothing to change)",
            "1:a --set selected no automated image, or a value could not take the new reference",
            "2:bad arguments"})
public final class ManifestsUpdateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = ".", paramLabel = "DIR", description = "Config repository directory (default: .).")
    Path dir;

    @Option(names = "--set", required = true, paramLabel = "SELECTOR=IMAGE",
            description = "Repository (any spelling, e.g. nginx or ghcr.io/acme/app) or Flux policy <ns>:<name>, "
                    + "and the image reference to set, e.g. ghcr.io/acme/app=ghcr.io/acme/app:1.5.0. A Flux policy "
                    + "reference also sets the setters of an ImagePolicy that is not in the directory, as Flux "
                    + "would (its :name values receive the image's repository). Repeatable.")
    List<String> sets;

    @Option(names = "--only", paramLabel = "PATH", description = "Change only this file (path relative to --dir). Repeatable.")
    List<String> only = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print a unified diff of what would change; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws IOException {
        List<Pin> pins = new ArrayList<>();
        try {
            for (String set : sets) {
                pins.add(Pin.parse(set));
            }
        } catch (IllegalArgumentException e) {
            err.println("shiplog manifests update: --set " + e.getMessage());
            return 2;
        }
        if (!Files.isDirectory(dir)) {
            err.println("shiplog manifests update: --dir " + dir + " is not a directory");
            return 2;
        }
        DirectorySnapshot snapshot = new DirectorySnapshot(dir);
        ScanResult scan = new ManifestScanner().scan(snapshot);
        // a Flux setter whose ImagePolicy lives only in the cluster is no problem when --set names its policy
        Set<String> pinnedSetters = new HashSet<>();
        for (UnresolvedSetter setter : scan.unresolvedSetters()) {
            if (pins.stream().anyMatch(p -> p.selector().equals(setter.policyRef()))) {
                pinnedSetters.add(setter.path() + ":" + setter.line());
            }
        }
        for (ScanProblem problem : scan.problems()) {
            if (!pinnedSetters.contains(problem.path() + ":" + problem.line())) {
                err.println("warning: " + problem);
            }
        }
        int status = 0;
        List<LocationUpdate.Change> changes = new ArrayList<>();
        for (Pin pin : pins) {
            List<LocationUpdate> updates = pin.plan(scan, only);
            if (updates.isEmpty()) {
                err.println("shiplog manifests update: no automated image matches '" + pin.selector() + "'"
                        + (only.isEmpty() ? "" : " in " + only));
                status = 1;
            }
            for (LocationUpdate update : updates) {
                String where = update.location().describe();
                if (update instanceof LocationUpdate.Change c) {
                    changes.add(c);
                    if (!dryRun) {
                        out.println(where + ": " + c.from() + " -> " + c.to() + " ("
                                + c.location().style().name().toLowerCase(Locale.ROOT) + ", " + c.location().policy() + ")");
                    }
                } else if (update instanceof LocationUpdate.Locked) {
                    err.println(where + ": locked, not changed");
                } else if (update instanceof LocationUpdate.Failed f) {
                    err.println(where + ": " + f.reason());
                    status = 1;
                } else {
                    err.println(where + ": unchanged, " + update.reason());
                }
            }
        }
        Map<String, byte[]> edited;
        try {
            edited = FileEdits.apply(snapshot, changes);
        } catch (EditConflictException e) {
            err.println("shiplog manifests update: " + e.getMessage());
            return 1;
        }
        for (Map.Entry<String, byte[]> file : edited.entrySet()) {
            if (dryRun) {
                out.print(UnifiedDiff.of(file.getKey(), snapshot.read(file.getKey()), file.getValue()));
            } else {
                write(snapshot.resolve(file.getKey()), file.getValue());
            }
        }
        return status;
    }

    /** Replaces the file atomically (a crash leaves either the old or the new bytes). */
    private static void write(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".shiplog");
        try {
            Files.write(tmp, bytes);
            try {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the temporary file's default permissions stay
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
