package io.shiplog.fleet.testing;

import io.shiplog.fleet.TuningSection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** A test-only tuning section standing in for the applier's. */
public record ApplierTuning(@DefaultValue("4") @Min(1) @Max(64) int maxParallel,
                            @DefaultValue("30s") Duration applyTimeout,
                            @DefaultValue("shiplog") @NotBlank String fieldManager,
                            Map<String, String> labels,
                            List<String> skipKinds) {

    /** Registered in the test class path's META-INF/services. */
    public static final class Section implements TuningSection<ApplierTuning> {
        @Override
        public String key() {
            return "applier";
        }

        @Override
        public String prefix() {
            return "shiplog.applier.tuning";
        }

        @Override
        public Class<ApplierTuning> type() {
            return ApplierTuning.class;
        }
    }
}
