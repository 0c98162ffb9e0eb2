package io.shiplog.cli.policy;

import io.shiplog.policy.Policies;
import io.shiplog.policy.Policy;
import io.shiplog.policy.PolicyEvaluationException;
import io.shiplog.policy.PolicyResult;
import io.shiplog.policy.TagCandidate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shiplog policy select}: prints the tag a policy chooses from a list of tags. */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = {"Print the tag that a policy chooses among the given tags (from stdin unless --tags-file).",
            "Each line: tag [created-at] [digest]; created-at is ISO-8601 or epoch ms, '-' means unknown.",
            "Exit status: 0 a tag was chosen (or the current one is kept), 1 no tag passes the policy, "
                    + "2 bad policy or input."},
        exitCodeListHeading = "%nExit status:%n", exitCodeList = {"0:a tag was printed", "1:no tag passes the policy",
            "2:bad policy spec, bad input, or the policy's regex exceeded its evaluation budget"})
public final class PolicySelectCommand implements Callable<Integer> {

    /** Exit status when no tag passes the policy. */
    public static final int NO_MATCH = 1;
    /** Exit status for a bad spec or input. */
    public static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "SPEC",
            description = "Policy spec, e.g. 'semver:^1.4', 'regex:^main-(?P<ts>\\d+)$;extract=$ts;order=numerical:asc', "
                    + "'glob:1.*', 'newest', 'digest:latest', 'keel:minor' (see git-writer/README.md).")
    String policy;

    @Option(names = "--tags-file", paramLabel = "FILE", description = "Read the tags from FILE instead of stdin.")
    Path tagsFile;

    @Option(names = "--current", paramLabel = "TAG",
            description = "The tag the manifest holds now: a policy never moves backwards from it.")
    String current;

    private final InputStream stdin;

    public PolicySelectCommand() {
        this(System.in);
    }

    public PolicySelectCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Policy parsed = Policies.parse(policy);
            List<TagCandidate> tags = readTags();
            PolicyResult result = parsed.select(tags, current);
            if (result instanceof PolicyResult.Chosen chosen) {
                TagCandidate c = chosen.candidate();
                out.println(parsed.pinsDigest() && c.digest() != null ? c.tag() + "@" + c.digest() : c.tag());
                return 0;
            }
            err.println("shiplog policy select: " + result.reason());
            if (result instanceof PolicyResult.KeepCurrent) {
                out.println(current);
                return 0;
            }
            return NO_MATCH;
        } catch (PolicyEvaluationException | IllegalArgumentException e) {
            err.println("shiplog policy select: " + e.getMessage());
            return BAD_INPUT;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private List<TagCandidate> readTags() throws IOException {
        if (tagsFile != null) {
            if (!Files.isRegularFile(tagsFile)) {
                throw new IllegalArgumentException("--tags-file " + tagsFile + " is not a readable file");
            }
            try (BufferedReader reader = Files.newBufferedReader(tagsFile, StandardCharsets.UTF_8)) {
                return TagList.read(reader, tagsFile.toString());
            }
        }
        return TagList.read(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), "stdin");
    }
}
