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

/** A plain manifest file: its documents as they are (size limit and YAML guards of {@link ManifestParser}). */
public final class PlainRenderer implements UnitRenderer {

    public static final String KIND = "plain";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Prepared prepare(CommitView view, Unit unit, RenderOptions options) {
        return new Prepared() {
            @Override
            public Optional<String> contentKey() {
                return Optional.empty();
            }

            @Override
            public Rendered render() {
                List<Manifest> manifests = new ArrayList<>();
                List<LoadFailure> failures = new ArrayList<>();
                try {
                    long size = view.size(unit.id());
                    if (size > ManifestLoader.MAX_FILE_BYTES) {
                        failures.add(new LoadFailure(unit.path(), 0, Optional.empty(), unit.path() + " is " + size
                                + " bytes, more than the " + ManifestLoader.MAX_FILE_BYTES
                                + " a manifest file may have"));
                        return new Rendered(manifests, failures, 0);
                    }
                    ManifestParser.parse(unit.path(), view.read(unit.id()), options.documents(), manifests, failures);
                    return new Rendered(manifests, failures, size);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
