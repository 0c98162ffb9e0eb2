package io.shiplog.schemas.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written checks accept exactly what the grammar's regular expressions accept. */
class ReferenceGrammarTest {

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]+)?|\\[[0-9a-fA-F:]+](?::[0-9]+)?");

    private static void agree(Pattern pattern, Predicate<String> check, String alphabet, int maxLength,
                              String prefix, String suffix) {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(prefix);
            int length = random.nextInt(maxLength + 1);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = text.append(suffix).toString();
            assertThat(check.test(s)).as("'%s'", s).isEqualTo(pattern.matcher(s).matches());
        }
    }

    @Test
    void pathsAgreeWithTheRegularExpression() {
        agree(PATH, ReferenceGrammar::isPath, "ab09._-/A:", 9, "", "");
    }

    @Test
    void tagsAgreeWithTheRegularExpression() {
        agree(TAG, ReferenceGrammar::isTag, "aZ9_.-+ ", 6, "", "");
        assertThat(ReferenceGrammar.isTag("t".repeat(128))).isTrue();
        assertThat(ReferenceGrammar.isTag("t".repeat(129))).isFalse();
    }

    @Test
    void digestsAgreeWithTheRegularExpression() {
        agree(DIGEST, ReferenceGrammar::isDigest, "a9+._-:Fg", 6, "", "0123456789abcdef0123456789abcde");
        assertThat(ReferenceGrammar.isDigest("sha256:" + "ab".repeat(32))).isTrue();
        assertThat(ReferenceGrammar.isDigest("sha256:" + "\uFF21".repeat(32))).isFalse();
    }

    @Test
    void hostsAgreeWithTheRegularExpression() {
        agree(HOST, ReferenceGrammar::isHost, "aZ9.-:[]f_", 8, "", "");
        assertThat(ReferenceGrammar.isHost("[::1]:5000")).isTrue();
        assertThat(ReferenceGrammar.isHost("registry.example.com:443")).isTrue();
    }
}
