package io.shiplog.local.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} command for tests, isolated from the user's configuration. HTTP credentials reach git
 * through a {@code GIT_ASKPASS} script that reads them from the environment, so they never appear in a URL or
 * on a command line. SSH settings reach git through {@link #runWith} ({@code GIT_SSH_COMMAND}).
 */
final class GitCli {

    private static final String USER_VARIABLE = "SHIPLOG_TEST_GIT_USER";
    private static final String PASSWORD_VARIABLE = "SHIPLOG_TEST_GIT_PASSWORD";

    private final Path home;
    private final Path askPass;

    GitCli(Path scratch) throws IOException {
        home = Files.createDirectories(scratch.resolve("git-home"));
        askPass = scratch.resolve("askpass.sh");
        Files.writeString(askPass, """
                #!/bin/sh
                case "$1" in
                  Username*) printf '%s\\n' "$SHIPLOG_TEST_GIT_USER" ;;
                  *) printf '%s\\n' "$SHIPLOG_TEST_GIT_PASSWORD" ;;
                esac
                """);
        Files.setPosixFilePermissions(askPass, PosixFilePermissions.fromString("rwx------"));
    }

    /** Exit code and combined stdout and stderr of one git command. */
    record Result(int exitCode, String output) {
    }

    /** Runs git without credentials (the askpass script answers empty strings). */
    Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return runAs(workDir, "", "", args);
    }

    /** Runs git in {@code workDir}; HTTP credential prompts are answered with {@code user} and {@code password}. */
    Result runAs(Path workDir, String user, String password, String... args) throws IOException, InterruptedException {
        return run(workDir, Map.of(USER_VARIABLE, user, PASSWORD_VARIABLE, password), args);
    }

    /** Runs git in {@code workDir} with extra environment variables, such as {@code GIT_SSH_COMMAND}. */
    Result runWith(Path workDir, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(Map.of(USER_VARIABLE, "", PASSWORD_VARIABLE, ""));
        env.putAll(extraEnv);
        return run(workDir, env, args);
    }

    private Result run(Path workDir, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git",
                "-c", "user.name=Grace Hopper", "-c", "user.email=grace@example.com",
                "-c", "init.defaultBranch=main", "-c", "credential.helper="));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(home, "git-output", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("GIT_") || name.equals("SSH_ASKPASS"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ASKPASS", askPass.toString());
        env.put("LC_ALL", "C");
        env.putAll(extraEnv);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("git " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
