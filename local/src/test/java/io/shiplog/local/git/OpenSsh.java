package io.shiplog.local.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OpenSSH client as tests use it against the git server: one identity, one known_hosts file, strict host key
 * checking, no agent, no user configuration and no prompts.
 */
final class OpenSsh {

    private final Path scratch;
    private final SshKeyPair key;
    private final Path knownHosts;
    private final int port;

    OpenSsh(Path scratch, SshKeyPair key, Path knownHosts, int port) {
        this.scratch = scratch;
        this.key = key;
        this.knownHosts = knownHosts;
        this.port = port;
    }

    /** Exit status, stdout and stderr of one {@code ssh} run. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** The value of {@code GIT_SSH_COMMAND} that makes git connect with these settings. */
    String gitSshCommand() {
        StringBuilder command = new StringBuilder("ssh");
        for (String option : options(List.of())) {
            command.append(" '").append(option).append("'");
        }
        return command.toString();
    }

    /** The environment for {@link GitCli#runWith}. */
    Map<String, String> gitEnvironment() {
        return Map.of("GIT_SSH_COMMAND", gitSshCommand());
    }

    /** Runs {@code remoteCommand} as user git on the server, feeding it {@code stdin}. */
    Result exec(String remoteCommand, byte[] stdin, String... extraOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ssh"));
        command.addAll(options(List.of(extraOptions)));
        command.addAll(List.of("git@127.0.0.1", remoteCommand));
        Path dir = Files.createTempDirectory(scratch, "ssh-exec");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("SSH_AUTH_SOCK");
        Process process = builder.start();
        try (var toServer = process.getOutputStream()) {
            toServer.write(stdin);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("ssh " + remoteCommand + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private List<String> options(List<String> extra) {
        List<String> options = new ArrayList<>(List.of("-F", "/dev/null",
                "-i", key.privateKey().toString(),
                "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none",
                "-o", "BatchMode=yes",
                "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "ConnectTimeout=10",
                "-p", Integer.toString(port)));
        options.addAll(extra);
        return options;
    }
}
