package io.tiergate.ops;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

/**
 * Tracing is off unless an OTLP endpoint is configured: answers {@code quarkus.otel.sdk.disabled}
 * with {@code false} when {@code quarkus.otel.exporter.otlp.endpoint} or
 * {@code quarkus.otel.exporter.otlp.traces.endpoint} is set by any configuration source, and with
 * {@code true} otherwise. An explicit {@code quarkus.otel.sdk.disabled} always wins.
 */
@Priority(100)
public class TracingDefaults implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SDK_DISABLED.equals(name) || explicit(value)) {
            return value;
        }
        boolean endpoint = explicit(context.proceed("quarkus.otel.exporter.otlp.traces.endpoint"))
                || explicit(context.proceed("quarkus.otel.exporter.otlp.endpoint"));
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(!endpoint))
                .withConfigSourceName("tiergate tracing default (off without an OTLP endpoint)").build();
    }

    private static boolean explicit(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > Integer.MIN_VALUE
                && (value.getConfigSourceName() == null || !value.getConfigSourceName().contains("DefaultValues"));
    }
}
