package io.tillstream.schemas;

import java.util.regex.Pattern;

/**
 * What a SKU may look like when it enters Tillstream. A SKU travels into Kafka keys
 * ({@code locationId|sku}), CSV exports, chat alerts and Centra queries, so free text is refused at the
 * edge: a {@code |} would collide with the key separator, a leading {@code = + - @} is a spreadsheet
 * formula, {@code <!channel>} pings a whole Slack channel. Letters (any script), digits, and
 * {@code . _ - / + #} and inner spaces cover real assortments (Centra's product, variant and size SKUs
 * concatenated); it starts with a letter or digit and is at most 64 characters.
 */
public final class Sku {

    public static final String RULE = "1-64 characters of letters, digits, inner spaces and . _ - / + #, "
            + "starting with a letter or digit";
    private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N} ._/+#-]{0,62}[\\p{L}\\p{N}._/+#-])?");

    private Sku() {
    }

    public static boolean valid(String sku) {
        return sku != null && VALID.matcher(sku).matches();
    }
}
