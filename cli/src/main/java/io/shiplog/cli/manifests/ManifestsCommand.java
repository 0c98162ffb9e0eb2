package io.shiplog.cli.manifests;

import picocli.CommandLine.Command;

/** {@code shiplog manifests}: edit a config repository's files the way git-writer does. */
@Command(name = "manifests", mixinStandardHelpOptions = true,
        description = "Find automated images in manifests and rewrite them exactly as git-writer would.",
        subcommands = {ManifestsUpdateCommand.class})
public final class ManifestsCommand {
}
