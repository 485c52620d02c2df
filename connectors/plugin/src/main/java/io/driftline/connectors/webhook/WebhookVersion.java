package io.driftline.connectors.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin's version, for Connect's plugin listing and the User-Agent header. */
final class WebhookVersion {

    /** The Maven version of this jar, from the pom.properties Maven puts into it; "unknown" outside a jar. */
    static final String VERSION = read();

    private WebhookVersion() {
    }

    private static String read() {
        // The jar plugin writes no Implementation-Version here, but always the pom.properties.
        String resource = "/META-INF/maven/io.driftline/driftline-connectors/pom.properties";
        try (InputStream in = WebhookVersion.class.getResourceAsStream(resource)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.isBlank()) {
                    return version.trim();
                }
            }
        } catch (IOException e) {
            // fall through: a version is not worth failing the plugin for
        }
        String implementation = WebhookVersion.class.getPackage().getImplementationVersion();
        return implementation != null ? implementation : "unknown";
    }
}
