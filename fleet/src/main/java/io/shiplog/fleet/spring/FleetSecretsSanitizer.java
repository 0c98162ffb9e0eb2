package io.shiplog.fleet.spring;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/** Masks every value of the fleet's secret property source in {@code /actuator/env} and {@code /actuator/configprops}. */
public final class FleetSecretsSanitizer implements SanitizingFunction {

    @Override
    public SanitizableData apply(SanitizableData data) {
        return data.getPropertySource() != null
                && FleetPropertySources.SECRETS.equals(data.getPropertySource().getName())
                ? data.withSanitizedValue() : data;
    }
}
