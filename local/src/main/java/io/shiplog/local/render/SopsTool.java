package io.shiplog.local.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code age-keygen} and {@code sops} ({@link RenderToolsDir}) for tests: an age key pair, and a YAML file
 * encrypted for it exactly as a user would encrypt it. The plaintext is written to a temporary file for sops (a test's
 * own value) and removed at once.
 */
public final class SopsTool {

    /** An age key: the key file's text ({@code AGE-SECRET-KEY-1…} with comments) and its public recipient. */
    public record AgeKey(String keyFile, String recipient) {

        /** The key file written to {@code file}. */
        public Path writeTo(Path file) {
            try {
                return Files.writeString(file, keyFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private SopsTool() {
    }

    /** A new age key from {@code age-keygen}. */
    public static AgeKey newAgeKey() {
        String text = run(List.of(RenderToolsDir.tool("age-keygen").toString()));
        String recipient = text.lines().filter(l -> l.startsWith("# public key: ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("age-keygen printed no public key"))
                .substring("# public key: ".length()).strip();
        return new AgeKey(text, recipient);
    }

    /**
     * {@code yaml} encrypted by {@code sops --encrypt --age <recipient> [options]}, e.g. options
     * {@code --encrypted-regex ^(data|stringData)$}; without options sops encrypts every value.
     */
    public static String encryptYaml(String yaml, AgeKey key, String... options) {
        Path file = null;
        try {
            file = Files.createTempFile("shiplog-sops-", ".yaml");
            Files.writeString(file, yaml);
            List<String> command = new ArrayList<>(List.of(RenderToolsDir.tool("sops").toString(), "--encrypt",
                    "--age", key.recipient()));
            command.addAll(List.of(options));
            command.add(file.toString());
            return run(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file of a test value
                }
            }
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " failed (exit "
                        + (process.isAlive() ? "none: timed out" : process.exitValue()) + ")");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
