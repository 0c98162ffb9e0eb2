package io.shiplog.testkit.postgres;

import io.shiplog.testkit.support.JvmShared;

final class SharedPostgresServer {

    static final JvmShared<PostgresServer> SERVER = new JvmShared<>("postgres", PostgresServer::start);

    private SharedPostgresServer() {
    }
}
