package io.shiplog.local.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Broker settings and format arguments of a SASL/SCRAM listener with ACL authorization. */
final class BrokerSecurity {

    private static final String LISTENER = "SASL_PLAINTEXT";

    private BrokerSecurity() {
    }

    /** Properties that replace the PLAINTEXT client listener on {@code port} by an authenticating one. */
    static Map<String, String> scramProperties(KafkaBroker.ScramSecurity scram, int port, int controllerPort) {
        String mechanism = KafkaBroker.ScramSecurity.MECHANISM;
        String controller = "CONTROLLER://127.0.0.1:";
        return Map.ofEntries(
                Map.entry("listeners", LISTENER + "://127.0.0.1:" + port + "," + controller + controllerPort),
                Map.entry("advertised.listeners", LISTENER + "://127.0.0.1:" + port),
                Map.entry("inter.broker.listener.name", LISTENER),
                Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT," + LISTENER + ":" + LISTENER),
                Map.entry("sasl.enabled.mechanisms", mechanism),
                Map.entry("sasl.mechanism.inter.broker.protocol", mechanism),
                Map.entry("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                        (String) scram.adminClientProperties().get("sasl.jaas.config")),
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("allow.everyone.if.no.acl.found", "false"),
                // the broker reaches its own controller over the PLAINTEXT controller listener, as ANONYMOUS
                Map.entry("super.users", "User:" + scram.adminUser() + ";User:ANONYMOUS"));
    }

    /** {@code kafka-storage format --add-scram} arguments creating every principal's credential. */
    static List<String> scramArguments(KafkaBroker.ScramSecurity scram) {
        List<String> arguments = new ArrayList<>();
        arguments.add(argument(scram.adminUser(), scram.adminPassword()));
        scram.users().forEach((user, password) -> arguments.add(argument(user, password)));
        return arguments;
    }

    private static String argument(String user, String password) {
        if (user.matches(".*[,=\\[\\]\"].*") || password.matches(".*[,=\\[\\]\"].*")) {
            throw new IllegalArgumentException("SCRAM user '" + user + "': names and passwords must not contain , = [ ] "
                    + "or \"");
        }
        return KafkaBroker.ScramSecurity.MECHANISM + "=[name=" + user + ",password=" + password + "]";
    }
}
