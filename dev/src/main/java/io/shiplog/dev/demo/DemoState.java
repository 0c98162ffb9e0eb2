package io.shiplog.dev.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * What the demo has done in a data directory ({@code demo.properties}): the registry it pushes to and the tags it
 * released, so a second start releases nothing again and {@code shiplog dev push} finds the registry.
 */
public final class DemoState {

    private final Path file;
    private final Properties properties = new Properties();

    private DemoState(Path file) {
        this.file = file;
    }

    /** The state in {@code file}; empty when the demo has not run there. */
    public static DemoState read(Path file) {
        DemoState state = new DemoState(file);
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                state.properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the demo state " + file, e);
            }
        }
        return state;
    }

    /** The tags released so far, oldest first. */
    public List<String> released() {
        String value = properties.getProperty("released", "");
        return value.isBlank() ? List.of() : Arrays.asList(value.split(","));
    }

    /** The next demo version to release: 1.1.0 first, then the next minor version after the last. */
    public String nextTag() {
        List<String> released = released();
        if (released.isEmpty()) {
            return "1.1.0";
        }
        String[] last = released.get(released.size() - 1).split("\\.");
        return last[0] + "." + (Integer.parseInt(last[1]) + 1) + ".0";
    }

    /** The demo registry's {@code host:port}, when the demo has run here. */
    public String registryHost() {
        return properties.getProperty("registry");
    }

    public DemoState registry(String host) {
        properties.setProperty("registry", host);
        return this;
    }

    /** Records {@code tag} as released and saves the file. */
    public DemoState releasedNow(String tag) {
        List<String> released = new ArrayList<>(released());
        released.add(tag);
        properties.setProperty("released", String.join(",", released));
        return save();
    }

    public DemoState save() {
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "shiplog dev: what the demo released in this data directory");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo state " + file, e);
        }
    }
}
