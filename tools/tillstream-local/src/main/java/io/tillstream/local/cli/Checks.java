package io.tillstream.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Rules on option values that picocli's types do not say, refused as a bad option is. */
public final class Checks {

    private Checks() {
    }

    public static int positive(CommandSpec spec, String option, int value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be a positive integer, not "
                    + value);
        }
        return value;
    }

    public static double notNegative(CommandSpec spec, String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be 0 or more, not " + value);
        }
        return value;
    }

    public static CommandLine.ParameterException refuse(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
