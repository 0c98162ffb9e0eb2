package io.shiplog.local.git;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Objects;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * An SSH client key pair for tests: an unencrypted ed25519 private key in OpenSSH format (mode 0600, as
 * {@code ssh -i} and JGit's {@code SshdSessionFactoryBuilder} read it) and its public key line, to hand to
 * {@link GitServer#authorizeKey(String)}.
 *
 * @param privateKey the private key file; its content never appears in {@link #toString()}
 * @param publicKey  the public key as an OpenSSH line, {@code ssh-ed25519 AAAA... comment}; also written next to
 *                   the private key with a {@code .pub} suffix
 */
public record SshKeyPair(Path privateKey, String publicKey) {

    private static final String COMMENT = "shiplog-testkit";

    public SshKeyPair {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * Generates a new ed25519 key pair into {@code privateKeyFile} and {@code privateKeyFile.pub}, creating missing
     * parent directories. Fails if either file exists.
     */
    public static SshKeyPair generate(Path privateKeyFile) {
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        Path publicKeyFile = privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
        KeyPair keyPair = Ed25519Keys.generate();
        String publicLine = Ed25519Keys.openSshLine(keyPair.getPublic()) + " " + COMMENT;
        try {
            Path parent = privateKeyFile.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (Files.exists(publicKeyFile)) {
                throw new FileAlreadyExistsException(publicKeyFile.toString());
            }
            Files.createFile(privateKeyFile, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(privateKeyFile)) {
                new OpenSSHKeyPairResourceWriter().writePrivateKey(keyPair, COMMENT, null, out);
            }
            Files.writeString(publicKeyFile, publicLine + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("cannot write an SSH key pair to " + privateKeyFile + ": "
                    + e.getFile() + " already exists", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an SSH key pair to " + privateKeyFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the SSH private key for " + privateKeyFile, e);
        }
        return new SshKeyPair(privateKeyFile, publicLine);
    }
}
