/**
 * The test support every module's tests share, published as the {@code shiplog-schemas} test-jar: the shared broker
 * as the services' peers write to it ({@link io.shiplog.schemas.testing.TestKafka}), envelopes and their metas
 * ({@link io.shiplog.schemas.testing.Envelopes}), what appears on topics ({@link io.shiplog.schemas.testing.EventLog}),
 * consumer polls ({@link io.shiplog.schemas.testing.Consume}) and one realistic event of every payload type
 * ({@link io.shiplog.schemas.testing.SampleEvents}). It lives here because it needs the generated events and the
 * serde; the broker, the registry and the topic tail come from the {@code local} module, which cannot see them.
 * Service-specific fixtures (a running service, a story of events) stay in their module.
 */
package io.shiplog.schemas.testing;
