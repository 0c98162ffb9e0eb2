package io.shiplog.fleet;

import java.util.Optional;

/** {@code webhooks}: secrets of the endpoints others call, so far the scanner's registry-notification endpoint. */
public record WebhooksSpec(Optional<RegistryWebhook> registry) {

    public static final WebhooksSpec NONE = new WebhooksSpec(Optional.empty());

    /** {@code webhooks.registry}: a bearer token and/or an HMAC secret that notifications must carry. */
    public record RegistryWebhook(Optional<Secret> token, Optional<Secret> hmacSecret) {
    }
}
