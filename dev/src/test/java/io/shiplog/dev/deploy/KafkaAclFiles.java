package io.shiplog.dev.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.yaml.snakeyaml.Yaml;

/** The ACLs documented in deploy/kafka, read into Kafka's own {@link AclBinding}s. */
final class KafkaAclFiles {

    static final Path USERS = DeployFiles.ROOT.resolve("deploy/kafka/kafka-users.yaml");
    static final Path SCRIPT = DeployFiles.ROOT.resolve("deploy/kafka/acls.sh");

    private static final Pattern ACL_LINE = Pattern.compile(
            "^acl (\\S+) (topic|group) (\\S+) (literal|prefixed)((?: [A-Za-z]+)+)$");

    private KafkaAclFiles() {
    }

    /** Every ACL of every KafkaUser of kafka-users.yaml, one binding per operation. */
    @SuppressWarnings("unchecked")
    static Set<AclBinding> fromKafkaUsers() throws IOException {
        Set<AclBinding> bindings = new LinkedHashSet<>();
        for (Object document : new Yaml().loadAll(Files.readString(USERS))) {
            Map<String, Object> user = (Map<String, Object>) document;
            if (!"KafkaUser".equals(user.get("kind"))) {
                throw new IllegalStateException(USERS + ": a document of kind " + user.get("kind"));
            }
            String name = (String) ((Map<String, Object>) user.get("metadata")).get("name");
            Map<String, Object> authorization = (Map<String, Object>) ((Map<String, Object>) user.get("spec"))
                    .get("authorization");
            for (Map<String, Object> acl : (List<Map<String, Object>>) authorization.get("acls")) {
                Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
                for (String operation : (List<String>) acl.get("operations")) {
                    bindings.add(binding(name, (String) resource.get("type"), (String) resource.get("name"),
                            (String) resource.get("patternType"), operation));
                }
            }
        }
        return bindings;
    }

    /** Every {@code acl …} line of acls.sh, one binding per operation. */
    static Set<AclBinding> fromScript() throws IOException {
        Set<AclBinding> bindings = new LinkedHashSet<>();
        for (String line : Files.readAllLines(SCRIPT)) {
            if (!line.startsWith("acl ")) {
                continue;
            }
            Matcher acl = ACL_LINE.matcher(line);
            if (!acl.matches()) {
                throw new IllegalStateException(SCRIPT + ": not an 'acl PRINCIPAL TYPE NAME PATTERN OPERATION...' "
                        + "line: " + line);
            }
            for (String operation : acl.group(5).trim().split(" ")) {
                bindings.add(binding(acl.group(1), acl.group(2), acl.group(3), acl.group(4), operation));
            }
        }
        return bindings;
    }

    /** The principals (user names) the files name. */
    static List<String> principals(Set<AclBinding> bindings) {
        List<String> names = new ArrayList<>();
        bindings.forEach(b -> {
            String name = b.entry().principal().substring("User:".length());
            if (!names.contains(name)) {
                names.add(name);
            }
        });
        return names;
    }

    private static AclBinding binding(String user, String type, String name, String pattern, String operation) {
        ResourceType resourceType = ResourceType.fromString(type.toUpperCase(Locale.ROOT));
        PatternType patternType = PatternType.fromString(pattern.toUpperCase(Locale.ROOT));
        AclOperation aclOperation = AclOperation.fromString(operation.replaceAll("([a-z])([A-Z])", "$1_$2")
                .toUpperCase(Locale.ROOT));
        if (resourceType.isUnknown() || patternType.isUnknown() || aclOperation == AclOperation.UNKNOWN) {
            throw new IllegalStateException("unknown ACL part in " + user + " " + type + " " + name + " " + pattern
                    + " " + operation);
        }
        return new AclBinding(new ResourcePattern(resourceType, name, patternType),
                new AccessControlEntry("User:" + user, "*", aclOperation, AclPermissionType.ALLOW));
    }
}
