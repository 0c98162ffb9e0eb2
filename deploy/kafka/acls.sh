#!/bin/sh
# The ACLs of Shiplog's Kafka principals as kafka-acls.sh commands (the same as kafka-users.yaml, for brokers not
# managed by Strimzi). Run it once as a Kafka admin:
#     BOOTSTRAP=kafka:9092 COMMAND_CONFIG=admin.properties deploy/kafka/acls.sh
# COMMAND_CONFIG is the admin's client properties (security.protocol, sasl.mechanism, sasl.jaas.config, ...).
# Create the principals' SCRAM credentials first, e.g.
#     kafka-configs.sh --bootstrap-server "$BOOTSTRAP" --command-config "$COMMAND_CONFIG" --alter \
#         --add-config 'SCRAM-SHA-512=[password=...]' --entity-type users --entity-name shiplog-git-writer
# Topic creation is not granted: create the topics beforehand (README.md "Kafka ACLs").
set -eu
: "${BOOTSTRAP:?set BOOTSTRAP to the brokers (host:port)}"
: "${COMMAND_CONFIG:?set COMMAND_CONFIG to the admin client properties file}"
KAFKA_ACLS="${KAFKA_ACLS:-kafka-acls.sh}"

# acl PRINCIPAL topic|group NAME literal|prefixed OPERATION...
acl() {
    principal=$1 type=$2 name=$3 pattern=$4
    shift 4
    operations=""
    for operation in "$@"; do operations="$operations --operation $operation"; done
    # shellcheck disable=SC2086 # one --operation per word
    "$KAFKA_ACLS" --bootstrap-server "$BOOTSTRAP" --command-config "$COMMAND_CONFIG" --add \
        --allow-principal "User:$principal" --"$type" "$name" --resource-pattern-type "$pattern" $operations
}

# registry-scanner: follows the watch list (its consumer group spreads the repositories over the instances), reads
# shiplog.images from the start (what it published before), publishes image changes, dead-letters bad watch-list
# records
acl shiplog-registry-scanner topic shiplog.watchlist literal Read
acl shiplog-registry-scanner topic shiplog.images literal Read Write
acl shiplog-registry-scanner topic shiplog.dlq literal Write
acl shiplog-registry-scanner group shiplog-registry-scanner literal Read
acl shiplog-registry-scanner topic shiplog. prefixed Describe DescribeConfigs

# git-writer: consumes image changes and commands (group git-writer), publishes commits and the watch list, reads
# its own commits back, dead-letters bad records
acl shiplog-git-writer topic shiplog.images literal Read
acl shiplog-git-writer topic shiplog.commands literal Read
acl shiplog-git-writer topic shiplog.commits literal Read Write
acl shiplog-git-writer topic shiplog.watchlist literal Write
acl shiplog-git-writer topic shiplog.dlq literal Write
acl shiplog-git-writer group git-writer literal Read
acl shiplog-git-writer topic shiplog. prefixed Describe DescribeConfigs

# cluster-applier: its replicas share the group shiplog-cluster-applier on shiplog.commands (which replica applies which
# cluster), read shiplog.commits without a group, publish applies, read them back for replays, dead-letter bad records
acl shiplog-cluster-applier topic shiplog.commits literal Read
acl shiplog-cluster-applier topic shiplog.commands literal Read
acl shiplog-cluster-applier topic shiplog.applies literal Read Write
acl shiplog-cluster-applier topic shiplog.dlq literal Write
acl shiplog-cluster-applier group shiplog-cluster-applier literal Read
acl shiplog-cluster-applier topic shiplog. prefixed Describe DescribeConfigs

# drift-auditor: its instances share the group shiplog-drift-auditor on shiplog.applies (which instance audits which
# cluster); the projection reads the whole release log without a group (its positions live in the audit store);
# publishes drift and resync commands, dead-letters bad records
acl shiplog-drift-auditor topic shiplog.watchlist literal Read
acl shiplog-drift-auditor topic shiplog.images literal Read
acl shiplog-drift-auditor topic shiplog.commits literal Read
acl shiplog-drift-auditor topic shiplog.applies literal Read
acl shiplog-drift-auditor topic shiplog.drift literal Read Write
acl shiplog-drift-auditor topic shiplog.commands literal Read Write
acl shiplog-drift-auditor topic shiplog.dlq literal Write
acl shiplog-drift-auditor group shiplog-drift-auditor literal Read
acl shiplog-drift-auditor topic shiplog. prefixed Describe DescribeConfigs

# the operator's shiplog CLI: audit export reads the release log, replay and workload lock publish commands and
# follow applies or commits, replay --kubeconfig publishes applies; no consumer group
acl shiplog-cli topic shiplog.watchlist literal Read
acl shiplog-cli topic shiplog.images literal Read
acl shiplog-cli topic shiplog.commits literal Read
acl shiplog-cli topic shiplog.applies literal Read Write
acl shiplog-cli topic shiplog.drift literal Read
acl shiplog-cli topic shiplog.commands literal Read Write
