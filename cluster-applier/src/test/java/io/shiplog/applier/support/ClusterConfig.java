package io.shiplog.applier.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One {@code shiplog.applier.clusters[i]} entry of a test application, with withers for the options. */
public record ClusterConfig(String name, String repository, Path kubeconfig, List<String> paths,
                            List<String> namespaces, boolean clusterScoped, boolean allowEmptyPrune,
                            boolean suspended, String resyncInterval, Path ageKeyFile) {

    public static ClusterConfig of(String name, String repository, Path kubeconfig, String... paths) {
        return new ClusterConfig(name, repository, kubeconfig, List.of(paths), List.of(), true, false, false, "10m",
                null);
    }

    public ClusterConfig namespaces(String... allowed) {
        return new ClusterConfig(name, repository, kubeconfig, paths, List.of(allowed), clusterScoped,
                allowEmptyPrune, suspended, resyncInterval, ageKeyFile);
    }

    public ClusterConfig clusterScoped(boolean allowed) {
        return new ClusterConfig(name, repository, kubeconfig, paths, namespaces, allowed, allowEmptyPrune, suspended,
                resyncInterval, ageKeyFile);
    }

    public ClusterConfig allowEmptyPrune(boolean allowed) {
        return new ClusterConfig(name, repository, kubeconfig, paths, namespaces, clusterScoped, allowed, suspended,
                resyncInterval, ageKeyFile);
    }

    public ClusterConfig suspended(boolean value) {
        return new ClusterConfig(name, repository, kubeconfig, paths, namespaces, clusterScoped, allowEmptyPrune,
                value, resyncInterval, ageKeyFile);
    }

    public ClusterConfig resyncInterval(String interval) {
        return new ClusterConfig(name, repository, kubeconfig, paths, namespaces, clusterScoped, allowEmptyPrune,
                suspended, interval, ageKeyFile);
    }

    /** The cluster's SOPS files decrypted with the age keys in {@code file} ({@code decryption.key-file}). */
    public ClusterConfig ageKeyFile(Path file) {
        return new ClusterConfig(name, repository, kubeconfig, paths, namespaces, clusterScoped, allowEmptyPrune,
                suspended, resyncInterval, file);
    }

    List<String> arguments(int index) {
        String at = "--shiplog.applier.clusters[" + index + "].";
        List<String> args = new ArrayList<>();
        args.add(at + "name=" + name);
        args.add(at + "repository=" + repository);
        args.add(at + "kubeconfig=" + kubeconfig);
        args.add(at + "paths=" + String.join(",", paths));
        if (!namespaces.isEmpty()) {
            args.add(at + "namespaces=" + String.join(",", namespaces));
        }
        args.add(at + "cluster-scoped=" + clusterScoped);
        args.add(at + "allow-empty-prune=" + allowEmptyPrune);
        args.add(at + "suspended=" + suspended);
        args.add(at + "resync-interval=" + resyncInterval);
        if (ageKeyFile != null) {
            args.add(at + "decryption.key-file=" + ageKeyFile);
        }
        return args;
    }
}
