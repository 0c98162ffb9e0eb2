package io.shiplog.fleet.testing;

import io.shiplog.fleet.TuningSection;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** A test-only tuning section standing in for the scanner's; {@code webhookToken} is secret by its name. */
public record ScannerTuning(@DefaultValue("2m") Duration defaultInterval, @DefaultValue("100") @Min(1) int tagsPerPage,
                            String webhookToken) {

    /** Registered in the test class path's META-INF/services. */
    public static final class Section implements TuningSection<ScannerTuning> {
        @Override
        public String key() {
            return "scanner";
        }

        @Override
        public String prefix() {
            return "shiplog.scanner.tuning";
        }

        @Override
        public Class<ScannerTuning> type() {
            return ScannerTuning.class;
        }
    }
}
