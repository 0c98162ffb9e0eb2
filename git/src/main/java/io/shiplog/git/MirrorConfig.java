package io.shiplog.git;

import org.eclipse.jgit.lib.StoredConfig;

/** Repository settings for a bare mirror that Shiplog fetches into (or pushes from) and that serves nobody. */
public final class MirrorConfig {

    /** Packs that may pile up before JGit's automatic gc repacks them all (JGit's default is 50). */
    static final int AUTO_PACK_LIMIT = 400;

    private MirrorConfig() {
    }

    /**
     * Sets the mirror's gc settings in {@code config} (the caller saves it). Every fetch adds a small pack, and JGit's
     * automatic gc repacks everything at {@code gc.autopacklimit}: every few seconds when releases come quickly, and
     * with a bitmap index, which costs most of a repack's time and helps only a repository that serves fetches.
     * Object lookups stay quick with a few hundred small packs.
     */
    public static void apply(StoredConfig config) {
        config.setBoolean("pack", null, "buildbitmaps", false);
        config.setInt("gc", null, "autopacklimit", AUTO_PACK_LIMIT);
    }
}
