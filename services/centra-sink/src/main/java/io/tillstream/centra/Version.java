package io.tillstream.centra;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin's version, as Connect's REST API reports it; Maven writes it into the resource at build time. */
public final class Version {

    private static final String VERSION = load();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/centra-sink-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
