import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Container health check for images without a shell or curl: exits 0 when the URL answers 2xx within the timeout,
 * 1 otherwise. Compiled into the base image (deploy/image/build-base-image.sh) and run by compose healthchecks:
 * {@code java -cp /opt/probe HealthProbe http://127.0.0.1:8080/q/health/ready}. No dependencies, loopback only.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(check(args));
    }

    static int check(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: HealthProbe <http://127.0.0.1:port/path> [timeout-millis]");
            return 2;
        }
        URI uri;
        try {
            uri = URI.create(args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println("not a URL");
            return 2;
        }
        String host = uri.getHost();
        // A health probe has no business leaving the container.
        if (!"http".equals(uri.getScheme()) || !("127.0.0.1".equals(host) || "localhost".equals(host))) {
            System.err.println("only http://127.0.0.1 or http://localhost URLs are probed");
            return 2;
        }
        int timeout = args.length == 2 ? Integer.parseInt(args[1]) : 3000;
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(timeout);
            connection.setReadTimeout(timeout);
            connection.setInstanceFollowRedirects(false);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            if (status >= 200 && status < 300) {
                return 0;
            }
            System.err.println("unhealthy: HTTP " + status);
            return 1;
        } catch (Exception e) {
            System.err.println("unhealthy: " + e.getClass().getSimpleName());
            return 1;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
