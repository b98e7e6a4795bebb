package zpm.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of zpm, from the build. */
public final class ZpmVersion {

    private static final String VERSION = load();

    private ZpmVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ZpmVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
