package io.shiplog.cluster.render.kustomize;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.shiplog.cluster.render.RenderSettings;
import io.shiplog.cluster.render.tool.ToolFailedException;
import io.shiplog.cluster.render.tool.ToolRun;
import io.shiplog.cluster.render.tool.ToolServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pool of kustomize helpers (render/kustomize-helper: kustomize's API in a long-lived process), one per unit
 * rendered at once, each started with the bounds of a {@link ToolRun} and reused from unit to unit. A unit that passes
 * its deadline kills its helper; a helper that dies fails only the unit it was building; either way the next unit
 * starts a new one. A build answers like a {@code kustomize build} run: what it printed, or exit code 1 with
 * {@code Error: …} on standard error.
 */
final class KustomizeHelpers implements AutoCloseable {

    private static final Gson GSON = new Gson();

    private final RenderSettings settings;
    private final Path binary;
    private final String identity;
    private final BlockingQueue<Slot> slots;
    private final List<Slot> all = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean closed;

    private static final class Slot {
        private volatile ToolServer server;
    }

    KustomizeHelpers(RenderSettings settings, Path binary) {
        this.settings = settings;
        this.binary = binary;
        this.identity = "kustomize-helper sha256:" + sha256(binary);
        this.slots = new ArrayBlockingQueue<>(Math.max(1, settings.concurrency()));
        for (int i = 0; i < Math.max(1, settings.concurrency()); i++) {
            all.add(new Slot());
        }
        slots.addAll(all);
    }

    /** What identifies the helper's build (for content keys). */
    String identity() {
        return identity;
    }

    /** Builds the kustomization in {@code directory} (absolute), as {@code kustomize build DIR} would. */
    ToolRun.Result build(Path directory) {
        Slot slot;
        try {
            slot = slots.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailedException("kustomize was interrupted");
        }
        try {
            return build(slot, directory);
        } finally {
            slots.add(slot);
        }
    }

    private ToolRun.Result build(Slot slot, Path directory) {
        if (closed) {
            throw new ToolFailedException("kustomize could not be started: the renderer is closed");
        }
        if (slot.server == null || !slot.server.alive()) {
            slot.server = start();
            if (closed) {
                slot.server.close();
            }
        }
        long id = requests.incrementAndGet();
        JsonObject request = new JsonObject();
        request.addProperty("id", id);
        request.addProperty("dir", directory.toAbsolutePath().toString());
        long started = System.nanoTime();
        byte[] line;
        try {
            line = slot.server.ask(GSON.toJson(request).getBytes(StandardCharsets.UTF_8), settings.timeout());
        } catch (ToolServer.Ended e) {
            slot.server = null;
            return new ToolRun.Result(e.exitCode(), new byte[0], e.stderr(), took(started));
        } catch (ToolFailedException e) {
            slot.server = null;
            throw e;
        }
        JsonObject answer;
        try {
            answer = GSON.fromJson(new String(line, StandardCharsets.UTF_8), JsonObject.class);
        } catch (JsonParseException e) {
            answer = null;
        }
        if (answer == null || !answer.has("id") || answer.get("id").getAsLong() != id) {
            slot.server.close();
            slot.server = null;
            throw new ToolFailedException("kustomize helper answered out of turn and was stopped");
        }
        String log = answer.has("log") ? answer.get("log").getAsString() : "";
        if (answer.has("error")) {
            return new ToolRun.Result(1, new byte[0], log + "Error: " + answer.get("error").getAsString() + "\n",
                    took(started));
        }
        return new ToolRun.Result(0, answer.get("yaml").getAsString().getBytes(StandardCharsets.UTF_8), log,
                took(started));
    }

    /** A helper working in the render work directory itself (it writes nothing; units' trees are beside it). */
    private ToolServer start() {
        Path home = settings.workDirectory();
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // one Go thread per helper: helpers build side by side, one per core
        return ToolServer.start("kustomize", List.of(binary.toString()), home, Map.of("GOMAXPROCS", "1"),
                settings.memoryBytes(), false, settings.maxOutputBytes());
    }

    private static Duration took(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** The process ids of the helpers running now. */
    List<Long> pids() {
        return all.stream().map(s -> s.server).filter(s -> s != null && s.alive()).map(ToolServer::pid).toList();
    }

    /** Stops every helper; builds asked for afterwards fail. */
    @Override
    public void close() {
        closed = true;
        for (Slot slot : all) {
            ToolServer server = slot.server;
            if (server != null) {
                server.close();
            }
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
