package io.shiplog.cluster.render.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FluxSubstitutionTest {

    private static final Map<String, String> VARIABLES = Map.of("env", "staging", "empty", "");

    @Test
    void replacesVariablesAndUsesDefaultsAsFluxDoes() {
        assertThat(FluxSubstitution.substitute("a: ${env}, b: ${missing}, c: ${missing:=x}, d: ${missing-y}",
                VARIABLES)).isEqualTo("a: staging, b: , c: x, d: y");
        assertThat(FluxSubstitution.substitute("${empty:-set} ${empty-unset} ${env:=other}", VARIABLES))
                .isEqualTo("set  staging");
    }

    @Test
    void leavesEscapedVariablesAndPlainDollarWordsAlone() {
        assertThat(FluxSubstitution.substitute("$${env} $env ${not a var}", VARIABLES))
                .isEqualTo("${env} $env ${not a var}");
    }

    @Test
    void skipsADocumentThatDisablesSubstitution() {
        String output = "a: ${env}\n---\nmetadata:\n  labels:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n"
                + "b: ${env}\n";
        assertThat(new String(FluxSubstitution.apply(output.getBytes(StandardCharsets.UTF_8), VARIABLES),
                StandardCharsets.UTF_8)).isEqualTo(output.replaceFirst("\\$\\{env}", "staging"));
    }
}
