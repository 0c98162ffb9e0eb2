package io.shiplog.gitwriter.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shiplog.git-writer.repositories[i].commit}: how Shiplog's commits look.
 *
 * @param authorName     author name
 * @param authorEmail    author e-mail
 * @param committerName  committer name; the author's when empty
 * @param committerEmail committer e-mail; the author's when empty
 * @param messageTemplate the message; placeholders {@code {summary}} (one line), {@code {changes}} (one line per
 *                       file: {@code - path: from -> to (policy)}), {@code {count}}, {@code {branch}}. The trailers
 *                       ({@code Shiplog-Commit}, {@code Shiplog-Correlation}, one {@code Shiplog-Cause} per causing
 *                       event) are always appended
 * @param signingFormat  {@code none}, {@code openpgp} (JGit's BouncyCastle signer, keys from GNUPGHOME) or
 *                       {@code ssh} (an SSH key file)
 * @param signingKey     the key: an OpenPGP key id / fingerprint / user id, or the path of an SSH private key
 */
public record CommitProperties(
        @NotBlank @DefaultValue("Shiplog") String authorName,
        @NotBlank @DefaultValue("shiplog@localhost") String authorEmail,
        @DefaultValue("") String committerName,
        @DefaultValue("") String committerEmail,
        @NotNull @DefaultValue("{summary}\n\n{changes}") String messageTemplate,
        @NotNull @DefaultValue("none") String signingFormat,
        String signingKey) {

    public String effectiveCommitterName() {
        return committerName == null || committerName.isBlank() ? authorName : committerName;
    }

    public String effectiveCommitterEmail() {
        return committerEmail == null || committerEmail.isBlank() ? authorEmail : committerEmail;
    }
}
