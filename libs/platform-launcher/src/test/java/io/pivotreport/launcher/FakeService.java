package io.pivotreport.launcher;

import com.sun.net.httpserver.HttpServer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Stands in for a Quarkus service in launcher tests (packaged by {@link FakeServices} as quarkus-run.jar): reads
 * {@code config/application.properties} from its working directory like Quarkus does and answers
 * {@code /q/health/ready}. A file {@code fake-mode} beside the jar selects {@code crash} or {@code never-ready}.
 */
public final class FakeService {

    public static void main(String[] args) throws Exception {
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("config/application.properties"))) {
            config.load(in);
        }
        Path jarDir = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path modeFile = jarDir.resolve("fake-mode");
        String mode = Files.exists(modeFile) ? Files.readString(modeFile).trim() : "ok";
        if ("crash".equals(mode)) {
            System.out.println("boom: simulated start-up failure (datasource unreachable)");
            System.exit(3);
        }
        String host = config.getProperty("quarkus.http.host");
        int port = Integer.parseInt(config.getProperty("quarkus.http.port"));
        int status = "never-ready".equals(mode) ? 503 : 200;
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        // like Quarkus with quarkus.management.enabled: health only on the management interface
        String management = config.getProperty("quarkus.management.port");
        HttpServer healthServer = management == null ? server : HttpServer.create(new InetSocketAddress(
                config.getProperty("quarkus.management.host"), Integer.parseInt(management)), 0);
        healthServer.createContext("/q/health/ready", exchange -> {
            byte[] body = ("{\"status\":\"" + (status == 200 ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        if (healthServer != server) {
            healthServer.start();
        }
        System.out.println("fake service listening on " + host + ":" + port + " mode " + mode
                + (management == null ? "" : ", management on " + management));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("fake service stopping");
            server.stop(0);
            healthServer.stop(0);
        }));
        Thread.sleep(Long.MAX_VALUE);
    }
}
