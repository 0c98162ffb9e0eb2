/**
 * What every real component of the local infrastructure shares.
 *
 * <p><b>Child processes.</b> etcd, kube-apiserver, docker-registry, git daemon and PostgreSQL run as
 * {@link io.shiplog.local.support.ChildProcess}es. {@code close()} of a component, and a shutdown hook at JVM exit
 * (Ctrl-C, SIGTERM, {@code System.exit}), stop each with its descendants: SIGTERM, then SIGKILL after
 * {@link io.shiplog.local.support.ChildProcess#STOP_GRACE} (3 s); hooks run in parallel, so a JVM with all of them
 * stops in about a second, three at worst. A JVM killed with SIGKILL runs no hook: its children then die through
 * the Linux parent-death signal, set by {@code setpriv --pdeathsig KILL} ({@link io.shiplog.local.support.ParentDeath};
 * chosen over a watcher process because it adds no process and keeps each child's pid). Short-lived helpers
 * ({@code git http-backend} per request, {@code git upload-pack} per SSH session) are stopped by their server's
 * {@code close()} and otherwise end when their pipes to the JVM close.
 *
 * <p><b>Data directories.</b> Components that can keep their state across runs ({@code GitServer.Options.dataDir},
 * {@code RegistryOptions.storage}, {@code KubeOptions.dataDir}, {@code KafkaBroker.EmbeddedOptions.dataDir}) use a
 * temp directory removed on close when none is given; a given one is created on first use, never deleted, and held
 * with a {@link io.shiplog.local.support.DataDirLock} so that two components never share it (Kafka locks its log
 * directory itself).
 */
package io.shiplog.local.support;
