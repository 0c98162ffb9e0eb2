package io.shiplog.cluster.render.sops;

import com.google.gson.JsonObject;
import io.shiplog.cluster.config.Decryption;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.DocumentDecryptor;
import io.shiplog.cluster.render.ObjectDecryptor;
import io.shiplog.cluster.render.RenderOptions;
import java.util.List;
import java.util.function.Supplier;

/**
 * The decryption of one load of one cluster: its age keys ({@code clusters[].decryption}) are read only when a file
 * or object needs them — a repository without SOPS files costs no read of the key file or Secret — and at most once
 * per load. Files applied as written are decrypted with their MAC checked; objects that went through kustomize
 * without it ({@link SopsDecryptor#forRenderedObjects}).
 */
public final class ClusterDecryption {

    private final Supplier<AgeIdentities> keys;
    private AgeIdentities loaded;
    private RuntimeException failed;

    private ClusterDecryption(Supplier<AgeIdentities> keys) {
        this.keys = keys;
    }

    /** Options for one load with {@code decryption}'s keys, read through {@code kube} when needed. */
    public static RenderOptions options(boolean allowRemoteBases, Decryption decryption, KubernetesHandler kube) {
        return options(allowRemoteBases, decryption.isNone() ? AgeIdentities::none
                : () -> AgeIdentities.of(decryption, kube));
    }

    /** Options for one load with the keys {@code keys} gives (asked at most once). */
    public static RenderOptions options(boolean allowRemoteBases, Supplier<AgeIdentities> keys) {
        ClusterDecryption decryption = new ClusterDecryption(keys);
        DocumentDecryptor documents = decryption::documents;
        ObjectDecryptor objects = decryption::object;
        return new RenderOptions(allowRemoteBases, documents, objects, null);
    }

    private List<JsonObject> documents(List<JsonObject> documents, String path) {
        if (documents.stream().noneMatch(SopsDecryptor::isEncrypted)) {
            return documents;
        }
        return new SopsDecryptor(keys()).decryptFile(documents, path);
    }

    private JsonObject object(JsonObject body, String source) {
        boolean secret = "Secret".equals(text(body, "kind")) && "v1".equals(text(body, "apiVersion"));
        if (!SopsDecryptor.isEncrypted(body)) {
            if (!secret) {
                return body;
            }
            try {
                // a Secret holding no sops-encrypted file needs no key (nor a readable key Secret)
                return SopsDecryptor.forRenderedObjects(AgeIdentities.none()).decrypt(body, source);
            } catch (SopsException holdsEncryptedFiles) {
                // decrypted below with the cluster's keys
            }
        }
        return SopsDecryptor.forRenderedObjects(keys()).decrypt(body, source);
    }

    private synchronized AgeIdentities keys() {
        if (failed != null) {
            throw failed;
        }
        if (loaded == null) {
            try {
                loaded = keys.get();
            } catch (RuntimeException e) {
                failed = e;
                throw e;
            }
        }
        return loaded;
    }

    private static String text(JsonObject body, String field) {
        return body.has(field) && body.get(field).isJsonPrimitive() ? body.get(field).getAsString() : null;
    }
}
