package io.shiplog.cli.common;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;

/**
 * What every {@code shiplog} command shares: durations and times in short or ISO form, case-insensitive enum values,
 * and the exit status stated in each {@code --help}.
 */
public final class CommonOptions {

    /** Exit status: done. */
    public static final int OK = 0;
    /** Exit status: not found, refused or failed. */
    public static final int FAILED = 1;
    /** Exit status: bad usage (unknown option, bad value). */
    public static final int USAGE = 2;

    private CommonOptions() {
    }

    /** Applies the shared conventions to {@code root} and every subcommand under it. */
    public static CommandLine configure(CommandLine root) {
        root.registerConverter(Duration.class, text -> convert(() -> Times.duration(text)));
        root.registerConverter(Instant.class, text -> convert(() -> Times.time(text, Instant.now())));
        root.setCaseInsensitiveEnumValuesAllowed(true);
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" " + OK, "done");
        codes.put(" " + FAILED, "not found, refused, failed or no answer in time");
        codes.put(" " + USAGE, "bad usage: unknown command or option, bad value");
        exitCodes(root, codes);
        return root;
    }

    private static void exitCodes(CommandLine command, Map<String, String> codes) {
        CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
        if (usage.exitCodeList().isEmpty()) {
            // a command with its own, more specific list keeps it
            usage.exitCodeListHeading("%nExit status:%n").exitCodeList(codes);
        }
        command.getSubcommands().values().forEach(sub -> exitCodes(sub, codes));
    }

    private static <T> T convert(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
