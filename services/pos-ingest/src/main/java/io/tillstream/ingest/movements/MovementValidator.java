package io.tillstream.ingest.movements;

import io.tillstream.ingest.problem.FieldError;
import io.tillstream.ingest.time.EventTime;
import io.tillstream.schemas.AdjustmentReason;
import io.tillstream.schemas.Sku;
import io.tillstream.schemas.StocktakeScope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The contract's rules for stock adjustments and stocktakes, as pure code. */
public final class MovementValidator {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final int MAX_LINES = 10_000;
    static final int MAX_QUANTITY = 1_000_000;

    private final Clock clock;

    public MovementValidator(Clock clock) {
        this.clock = clock;
    }

    public List<FieldError> validate(AdjustmentRequest a) {
        List<FieldError> errors = new ArrayList<>();
        id(errors, "adjustmentId", a.adjustmentId());
        id(errors, "storeId", a.storeId());
        EventTime.check(errors, "occurredAt", a.occurredAt(), clock);
        AdjustmentReason reason = null;
        try {
            reason = AdjustmentReason.valueOf(a.reason() == null ? "" : a.reason());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("reason", "must be one of " + List.of(AdjustmentReason.values())));
        }
        List<AdjustmentRequest.Line> lines = a.lines() == null ? List.of() : a.lines();
        if (lines.isEmpty() || lines.size() > MAX_LINES) {
            errors.add(new FieldError("lines", "must have 1-" + MAX_LINES + " lines"));
        }
        for (int i = 0; i < lines.size() && i < MAX_LINES; i++) {
            AdjustmentRequest.Line line = lines.get(i);
            String path = "lines[" + i + "]";
            if (line == null) {
                errors.add(new FieldError(path, "must not be null"));
                continue;
            }
            sku(errors, path + ".sku", line.sku());
            if (line.quantity() == null || line.quantity() == 0 || Math.abs(line.quantity()) > MAX_QUANTITY) {
                errors.add(new FieldError(path + ".quantity", "is required, non-zero, at most " + MAX_QUANTITY + " units"));
            } else if (reason != null) {
                sign(reason, line.quantity()).ifPresent(message -> errors.add(new FieldError(path + ".quantity", message)));
            }
        }
        return errors;
    }

    /**
     * Adjustments are signed deltas of on-hand, and a reason has a direction: SHRINKAGE of +2 would add
     * two units, which no till means. The RETURN_ reasons count units leaving inspection, so they are
     * positive. Only a CORRECTION goes either way (it is also how a mistaken adjustment is undone).
     */
    private static Optional<String> sign(AdjustmentReason reason, int quantity) {
        return switch (reason) {
            case RECEIVED, TRANSFER_IN -> quantity > 0 ? Optional.empty()
                    : Optional.of("must be positive for " + reason + ": units that arrive");
            case TRANSFER_OUT, SHRINKAGE, DAMAGED -> quantity < 0 ? Optional.empty()
                    : Optional.of("must be negative for " + reason + ": units that leave on-hand");
            case RETURN_RESTOCKED, RETURN_WRITTEN_OFF -> quantity > 0 ? Optional.empty()
                    : Optional.of("must be positive for " + reason + ": units that leave inspection");
            case CORRECTION -> Optional.empty();
        };
    }

    public List<FieldError> validate(StocktakeRequest s) {
        List<FieldError> errors = new ArrayList<>();
        id(errors, "stocktakeId", s.stocktakeId());
        id(errors, "storeId", s.storeId());
        EventTime.check(errors, "countedAt", s.countedAt(), clock);
        try {
            StocktakeScope.valueOf(s.scope() == null ? "" : s.scope());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("scope", "must be one of " + List.of(StocktakeScope.values())));
        }
        List<StocktakeRequest.Count> counts = s.counts() == null ? List.of() : s.counts();
        if (counts.size() > MAX_LINES) {
            errors.add(new FieldError("counts", "must have at most " + MAX_LINES + " counts"));
            return errors;
        }
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < counts.size(); i++) {
            StocktakeRequest.Count count = counts.get(i);
            String path = "counts[" + i + "]";
            if (count == null) {
                errors.add(new FieldError(path, "must not be null"));
                continue;
            }
            sku(errors, path + ".sku", count.sku());
            if (count.sku() != null && !skus.add(count.sku())) {
                errors.add(new FieldError(path + ".sku", "is counted twice: " + count.sku()));
            }
            if (count.quantity() == null || count.quantity() < 0 || count.quantity() > MAX_QUANTITY) {
                errors.add(new FieldError(path + ".quantity", "is required: 0-" + MAX_QUANTITY + " units"));
            }
        }
        return errors;
    }

    private static void sku(List<FieldError> errors, String field, String sku) {
        if (sku == null || sku.isBlank()) {
            errors.add(new FieldError(field, "is required (" + Sku.RULE + ")"));
        } else if (!Sku.valid(sku)) {
            errors.add(new FieldError(field, "must be " + Sku.RULE));
        }
    }

    private static void id(List<FieldError> errors, String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            errors.add(new FieldError(field, "is required: 1-64 characters of [A-Za-z0-9._:-]"));
        }
    }
}
