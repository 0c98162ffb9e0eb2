package io.shiplog.local.postgres;

import io.shiplog.local.support.JvmShared;

final class SharedPostgresServer {

    static final JvmShared<PostgresServer> SERVER = new JvmShared<>("postgres", PostgresServer::start);

    private SharedPostgresServer() {
    }
}
