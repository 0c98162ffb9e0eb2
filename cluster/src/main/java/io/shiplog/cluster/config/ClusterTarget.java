package io.shiplog.cluster.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What every service that talks to a configured cluster (the applier, the drift auditor) says about it: its name,
 * the config repository it follows and how to reach its API server; with the start-up checks they share.
 */
public interface ClusterTarget {

    String name();

    String repository();

    Path kubeconfig();

    boolean inCluster();

    /** The cluster's directories or files in its config repository. */
    List<String> paths();

    /** How to reach the cluster's API server. */
    ClusterConnection connection();

    /** Where its objects may go and which inventory they belong to. */
    Placement placement();

    /** Where the age keys for its SOPS-encrypted files are; {@link Decryption#NONE} when not configured. */
    default Decryption decryption() {
        return Decryption.NONE;
    }

    /**
     * Adds to {@code problems} what is wrong with the target at property path {@code at}: a name already in
     * {@code seenNames} (the name is added), a repository missing or naming none of {@code repositories}, not
     * exactly one of kubeconfig and in-cluster, an unreadable kubeconfig, or an unreadable
     * decryption key file or malformed Secret reference.
     */
    default void check(String at, Set<String> seenNames, List<RepositoryProperties> repositories,
                       List<String> problems) {
        if (!seenNames.add(name())) {
            problems.add(at + ".name '" + name() + "' is used twice");
        }
        if (repository() == null || repository().isBlank()) {
            if (repositories.size() != 1) {
                problems.add(at + ".repository is not set and there are " + repositories.size()
                        + " repositories to choose from");
            }
        } else if (repositories.stream().noneMatch(r -> r.name().equals(repository()))) {
            problems.add(at + ".repository '" + repository() + "' names no configured repository "
                    + repositories.stream().map(RepositoryProperties::name).toList());
        }
        if (inCluster() == (kubeconfig() != null)) {
            problems.add(at + ": set exactly one of kubeconfig and in-cluster");
        } else if (kubeconfig() != null && !Files.isReadable(kubeconfig())) {
            problems.add(at + ".kubeconfig " + kubeconfig() + " is not a readable file");
        }
        if (decryption() != null) {
            decryption().check(at + ".decryption", problems);
        }
    }
}
