package io.shiplog.cluster.render.pipeline;

import io.shiplog.cluster.manifest.ManifestLoader;
import io.shiplog.cluster.manifest.ShiplogIgnore;
import io.shiplog.cluster.render.CommitView;
import io.shiplog.cluster.render.PlainRenderer;
import io.shiplog.cluster.render.RepositoryPath;
import io.shiplog.cluster.render.Unit;
import io.shiplog.cluster.render.kustomize.KustomizeRenderer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * The units of a cluster's paths at a commit: each directory holding a kustomization file is one kustomize unit (the
 * outermost one; what is below it belongs to it), every other manifest file is a plain unit. {@code .shiplogignore}
 * files exclude files and directories as before.
 */
final class UnitDiscovery {

    private UnitDiscovery() {
    }

    static List<Unit> discover(CommitView view, List<String> paths) throws IOException {
        List<String> normalized = ManifestLoader.normalize(paths);
        TreeMap<String, ObjectId> files = new TreeMap<>();
        TreeSet<String> kustomizations = new TreeSet<>();
        ShiplogIgnore ignore = new ShiplogIgnore();
        try (TreeWalk walk = new TreeWalk(view.reader())) {
            walk.addTree(view.tree());
            walk.setRecursive(true);
            if (!normalized.contains("")) {
                walk.setFilter(PathFilterGroup.createFromStrings(normalized));
            }
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    continue;
                }
                String path = walk.getPathString();
                String name = walk.getNameString();
                if (name.equals(ShiplogIgnore.FILE_NAME)) {
                    ignore.add(ShiplogIgnore.parent(path), view.read(walk.getObjectId(0)));
                } else if (KustomizeRenderer.isKustomizationFile(name)) {
                    kustomizations.add(path);
                } else if (ManifestLoader.isManifestFile(path)) {
                    files.put(path, walk.getObjectId(0));
                }
            }
        }
        ManifestLoader.addAncestorIgnores(view.reader(), view.tree(), normalized, ignore);
        TreeSet<String> candidates = new TreeSet<>();
        for (String file : kustomizations) {
            String directory = RepositoryPath.parent(file);
            if (!ignore.ignores(file) && !ignore.ignoresDirectory(directory)) {
                candidates.add(directory);
            }
        }
        List<String> unitDirectories = new ArrayList<>();
        for (String directory : candidates) {
            if (unitDirectories.stream().noneMatch(d -> RepositoryPath.isWithin(directory, d))) {
                unitDirectories.add(directory);
            }
        }
        TreeMap<String, Unit> units = new TreeMap<>();
        for (String directory : unitDirectories) {
            ObjectId tree = view.entry(directory).orElseThrow().id();
            units.put(directory, new Unit(directory, KustomizeRenderer.KIND, tree));
        }
        for (var file : files.entrySet()) {
            String path = file.getKey();
            if (!ignore.ignores(path) && unitDirectories.stream().noneMatch(d -> RepositoryPath.isWithin(path, d))) {
                units.put(path, new Unit(path, PlainRenderer.KIND, file.getValue()));
            }
        }
        return List.copyOf(units.values());
    }
}
