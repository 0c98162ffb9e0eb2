package io.shiplog.fleet.spring;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/** Masks every secret value of the fleet's property source in {@code /actuator/env} and {@code /actuator/configprops}. */
public final class FleetSecretsSanitizer implements SanitizingFunction {

    @Override
    public SanitizableData apply(SanitizableData data) {
        return data.getPropertySource() instanceof FleetPropertySources.FleetPropertySource fleet
                && fleet.isSecret(data.getKey()) ? data.withSanitizedValue() : data;
    }
}
