package io.shiplog.cluster.render;

import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ManifestLoader;
import io.shiplog.cluster.manifest.ManifestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plain manifest file: its documents as they are (size limit and YAML guards of {@link ManifestParser}). Its content
 * key is its path and blob, so an unchanged file is parsed once and, once kept, not even read again; files that
 * mention SOPS are never kept (their output depends on the cluster's keys), nor files over the size limit.
 */
public final class PlainRenderer implements UnitRenderer {

    public static final String KIND = "plain";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Prepared prepare(CommitView view, Unit unit, RenderOptions options) {
        return new Prepared() {
            private byte[] bytes;

            /** The file's path and blob: a cached copy was kept only when it mentioned no SOPS. */
            @Override
            public Optional<String> contentKey() {
                return Optional.of(KIND + ":" + unit.path() + "@" + unit.id().name());
            }

            @Override
            public boolean keepsOutput() {
                return bytes != null && !mentionsSops(bytes);
            }

            @Override
            public Rendered render() {
                List<Manifest> manifests = new ArrayList<>();
                List<LoadFailure> failures = new ArrayList<>();
                byte[] content = content();
                if (content == null) {
                    failures.add(new LoadFailure(unit.path(), 0, Optional.empty(), unit.path() + " is "
                            + size(view, unit) + " bytes, more than the " + ManifestLoader.MAX_FILE_BYTES
                            + " a manifest file may have"));
                    return new Rendered(manifests, failures, 0);
                }
                ManifestParser.parse(unit.path(), content, options.documents(), manifests, failures);
                return new Rendered(manifests, failures, content.length);
            }

            /** The file, or null when it is larger than a manifest file may be. */
            private byte[] content() {
                if (bytes == null && size(view, unit) <= ManifestLoader.MAX_FILE_BYTES) {
                    try {
                        bytes = view.read(unit.id());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return bytes;
            }
        };
    }

    private static long size(CommitView view, Unit unit) {
        try {
            return view.size(unit.id());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the file holds the word {@code sops} anywhere (in any case): such output is not cached. */
    static boolean mentionsSops(byte[] content) {
        for (int i = 0; i + 3 < content.length; i++) {
            if ((content[i] | 0x20) == 's' && (content[i + 1] | 0x20) == 'o' && (content[i + 2] | 0x20) == 'p'
                    && (content[i + 3] | 0x20) == 's') {
                return true;
            }
        }
        return false;
    }
}
