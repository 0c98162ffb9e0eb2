package io.shiplog.fleet;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Binds a tuning section with Spring Boot's {@link Binder} the way the owning service will (relaxed names, Boot's
 * conversions), with bean validation and no unknown keys, and turns every failure into an {@link Issue} at a
 * property name.
 */
public final class TuningBinder {

    private static volatile SpringValidatorAdapter validator;

    private TuningBinder() {
    }

    /** What is wrong at a property (null: the section as a whole). */
    public record Issue(ConfigurationPropertyName name, Kind kind, String text) {
    }

    /** An unknown key; a value of the wrong type ({@code text} says what is expected); a failed constraint. */
    public enum Kind { UNKNOWN_KEY, BAD_VALUE, CONSTRAINT }

    /** Every issue binding {@code properties} (full names under the section's prefix) to the section's type. */
    public static List<Issue> check(TuningSection<?> section, Map<String, String> properties) {
        // two passes: a failed validation stops the unbound-key check and the other way round
        List<Issue> values = bind(section, properties, collecting -> new ValidationBindHandler(collecting, validator()));
        List<ConfigurationPropertyName> badValues = values.stream().filter(i -> i.kind() == Kind.BAD_VALUE)
                .map(Issue::name).toList();
        List<Issue> unknown = bind(section, properties, NoUnboundElementsBindHandler::new).stream()
                .filter(i -> i.kind() == Kind.UNKNOWN_KEY && !badValues.contains(i.name())).toList();
        List<Issue> all = new ArrayList<>(values);
        all.addAll(unknown);
        return all.stream().distinct().toList();
    }

    private static List<Issue> bind(TuningSection<?> section, Map<String, String> properties,
                                    java.util.function.Function<BindHandler, BindHandler> around) {
        Collecting collecting = new Collecting();
        try {
            new Binder(new MapConfigurationPropertySource(properties))
                    .bindOrCreate(section.prefix(), Bindable.of(section.type()), around.apply(collecting));
        } catch (BindException e) {
            collecting.record(e.getName(), e.getTarget(), e.getCause() instanceof Exception cause ? cause : e);
        } catch (RuntimeException e) {
            collecting.issues.add(new Issue(null, Kind.CONSTRAINT, "cannot be bound to "
                    + section.type().getSimpleName() + ": " + e.getClass().getSimpleName()));
        }
        return collecting.issues;
    }

    /** Binds properties already checked; a failure here is a bug, not a user error. */
    public static <T> T bindValid(TuningSection<T> section, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate(section.prefix(), Bindable.of(section.type()),
                        new ValidationBindHandler(validator()));
    }

    private static SpringValidatorAdapter validator() {
        SpringValidatorAdapter v = validator;
        if (v == null) {
            synchronized (TuningBinder.class) {
                if (validator == null) {
                    ValidatorFactory factory = Validation.buildDefaultValidatorFactory();
                    validator = new SpringValidatorAdapter(factory.getValidator());
                }
                v = validator;
            }
        }
        return v;
    }

    /** Records failures instead of stopping at the first, so every problem of a section is reported. */
    private static final class Collecting extends AbstractBindHandler {

        final List<Issue> issues = new ArrayList<>();
        private final List<Exception> seen = new ArrayList<>();

        @Override
        public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                                Exception error) {
            record(name, target, error);
            return null;
        }

        void record(ConfigurationPropertyName name, Bindable<?> target, Exception error) {
            if (seen.stream().anyMatch(e -> e == error)) {
                return;
            }
            seen.add(error);
            if (error instanceof UnboundConfigurationPropertiesException unbound) {
                for (ConfigurationProperty property : unbound.getUnboundProperties()) {
                    issues.add(new Issue(property.getName(), Kind.UNKNOWN_KEY, ""));
                }
            } else if (error instanceof BindValidationException invalid) {
                ConfigurationPropertyName base = invalid.getValidationErrors().getName();
                for (ObjectError objectError : invalid.getValidationErrors()) {
                    ConfigurationPropertyName at = objectError instanceof FieldError field
                            ? append(base, field.getField()) : base;
                    issues.add(new Issue(at, Kind.CONSTRAINT, String.valueOf(objectError.getDefaultMessage())));
                }
            } else if (error instanceof BindException bind && bind.getCause() instanceof Exception cause) {
                record(bind.getName(), bind.getTarget(), cause);
            } else {
                issues.add(new Issue(name, Kind.BAD_VALUE, expected(target)));
            }
        }

        private static ConfigurationPropertyName append(ConfigurationPropertyName base, String field) {
            try {
                return base.append(DataObjectPropertyName.toDashedForm(field));
            } catch (RuntimeException e) {
                return base;
            }
        }
    }

    /** What a value of the target's type looks like. */
    static String expected(Bindable<?> target) {
        return expected(target == null ? null : target.getType().resolve());
    }

    /** What a value of the type looks like. */
    public static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == Duration.class) {
            return "a duration such as 500ms, 30s, 5m or PT1H30M";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', '-')).collect(Collectors.joining(", "));
        }
        if (type.getSimpleName().equals("DataSize")) {
            return "a data size such as 512KB or 10MB";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a " + type.getSimpleName();
    }
}
