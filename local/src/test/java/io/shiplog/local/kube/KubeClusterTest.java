package io.shiplog.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeClusterTest {

    @Test
    void acceptsDnsLabelNames() {
        assertThat(KubeCluster.checkNames("alpha", "eu-west-1")).containsExactly("alpha", "eu-west-1");
    }

    @Test
    void rejectsNamesThatCannotNameAContextOrEtcdPrefix() {
        for (String bad : new String[] {"Prod", "a/b", "-a", "a-", ""}) {
            assertThatThrownBy(() -> KubeCluster.checkNames(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void rejectsTheSameNameTwice() {
        assertThatThrownBy(() -> KubeCluster.checkNames("a", "b", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a' is given twice");
    }

    @Test
    void writesAKubeconfigOnlyItsOwnerCanRead(@TempDir Path dir) throws IOException {
        Path file = Kubeconfig.write(dir.resolve("kubeconfig"), "alpha", URI.create("https://127.0.0.1:6443"),
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "token-value");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Reader reader = Files.newBufferedReader(file)) {
            KubeConfig kubeconfig = KubeConfig.loadKubeConfig(reader);
            assertThat(kubeconfig.getCurrentContext()).isEqualTo("alpha");
            assertThat(kubeconfig.getServer()).isEqualTo("https://127.0.0.1:6443");
            assertThat(kubeconfig.getNamespace()).isEqualTo("default");
            assertThat(kubeconfig.getCredentials()).containsEntry("token", "token-value");
            assertThat(new String(kubeconfig.getDataOrFileRelative(
                    kubeconfig.getCertificateAuthorityData(), kubeconfig.getCertificateAuthorityFile())))
                    .startsWith("-----BEGIN CERTIFICATE-----");
        }
    }

    @Test
    void reservesTheNameEtcdWhenKeepingADataDirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> KubeCluster.startMany(KubeOptions.ephemeral().withDataDir(dir), "alpha", "etcd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'etcd' is reserved").hasMessageContaining(dir.resolve("etcd").toString());
    }

    @Test
    void rewritesTheKubeconfigInPlaceAndKeepsItPrivate(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Kubeconfig.write(file, "alpha", URI.create("https://127.0.0.1:6443"), "CA", "token-value");

        Kubeconfig.write(file, "alpha", URI.create("https://127.0.0.1:7443"), "CA", "token-value");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("https://127.0.0.1:7443").doesNotContain("6443");
        assertThat(ApiServerFiles.previousPort(file)).hasValue(7443);
        assertThat(ApiServerFiles.previousPort(dir.resolve("missing"))).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void reusesTheTokenAndServiceAccountKeysOfAnEarlierRun(@TempDir Path dir) throws IOException {
        ApiServerFiles.Prepared first = ApiServerFiles.prepare(dir);
        String signingKey = Files.readString(first.signingKey());

        ApiServerFiles.Prepared second = ApiServerFiles.prepare(dir);

        assertThat(second.token()).isEqualTo(first.token()).hasSizeGreaterThan(40);
        assertThat(second.signingKey()).hasContent(signingKey);
        assertThat(Files.readString(first.tokenFile())).startsWith(first.token() + ",admin,admin-uid,");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.tokenFile())))
                .isEqualTo("rw-------");
        assertThat(first.toString()).doesNotContain(first.token());
        assertThat(ApiServerFiles.prepare(Files.createDirectory(dir.resolve("other"))).token())
                .isNotEqualTo(first.token());
    }

    @Test
    void dropsAServingCertificateThatExpiresWithinADayOrCannotBeRead(@TempDir Path dir) throws Exception {
        Path certDir = Files.createDirectory(dir.resolve("certs"));
        Path certificate = certDir.resolve("apiserver.crt");
        Path key = certDir.resolve("apiserver.key");

        Files.writeString(certificate, selfSigned(dir, "-3d", 30));
        Files.writeString(key, "key");
        ApiServerFiles.dropExpiringCertificate(certDir, Instant.now().plus(ApiServerFiles.CERTIFICATE_MARGIN));
        assertThat(certificate).exists();
        assertThat(key).exists();

        Files.writeString(certificate, selfSigned(dir, "-3d", 3));
        ApiServerFiles.dropExpiringCertificate(certDir, Instant.now().plus(ApiServerFiles.CERTIFICATE_MARGIN));
        assertThat(certificate).doesNotExist();
        assertThat(key).doesNotExist();

        Files.writeString(certificate, "not a certificate");
        ApiServerFiles.dropExpiringCertificate(certDir, Instant.now());
        assertThat(certificate).doesNotExist();
    }

    /** A PEM certificate from the JDK's keytool, valid from {@code start} (e.g. -3d) for {@code days} days. */
    private static String selfSigned(Path dir, String start, int days) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve("store-" + System.nanoTime() + ".p12");
        run(keytool.toString(), "-genkeypair", "-keystore", store.toString(), "-storepass", "changeit",
                "-alias", "a", "-keyalg", "EC", "-dname", "CN=test", "-startdate", start, "-validity",
                Integer.toString(days));
        return run(keytool.toString(), "-exportcert", "-rfc", "-keystore", store.toString(), "-storepass",
                "changeit", "-alias", "a");
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
