package io.tillstream.local.cli;

import java.time.Duration;
import picocli.CommandLine;

/** 60s, 5m, 1h, 250ms, or an ISO-8601 duration (PT60S), as every duration option takes. */
public final class Durations implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            if (value.matches("\\d+(ms|s|m|h)")) {
                long n = Long.parseLong(value.replaceAll("\\D+", ""));
                return switch (value.replaceAll("\\d+", "")) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is no duration: write 60s, 5m or 1h");
        }
    }
}
