package dev.claimschallenge.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/** The extension's version, as reported to Keycloak's server info by every factory. */
public final class ExtensionInfo {

    private static final Map<String, String> OPERATIONAL_INFO = load();

    private ExtensionInfo() {
    }

    /** For {@code ServerInfoAwareProviderFactory.getOperationalInfo()}. */
    public static Map<String, String> operationalInfo() {
        return OPERATIONAL_INFO;
    }

    public static String version() {
        return OPERATIONAL_INFO.get("version");
    }

    private static Map<String, String> load() {
        Properties properties = new Properties();
        try (InputStream in = ExtensionInfo.class.getResourceAsStream("/claims-challenge-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // reported as "unknown" below
        }
        return Map.of("version", properties.getProperty("version", "unknown"),
                "built-for-keycloak", properties.getProperty("keycloak.version", "unknown"));
    }
}
