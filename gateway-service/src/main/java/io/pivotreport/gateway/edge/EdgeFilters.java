package io.pivotreport.gateway.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pivotreport.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every answer of the gateway gets, whatever produced it (JAX-RS, the authentication layer, a 413 from the HTTP
 * layer, static files): HSTS on TLS, {@code Cache-Control: no-store} except on static assets, {@code nosniff}, a
 * restrictive default CSP, the request counter, the install-callback timer and the masked access log.
 */
@ApplicationScoped
public class EdgeFilters {

    public static final String REQUESTS_METRIC = "pivot_gateway_requests_total";
    public static final String INSTALL_METRIC = "pivot_install_callback_seconds";
    public static final String SUPPORT_METRIC = "pivot_support_requests_total";
    private static final String NOT_ALLOWED = "{\"type\":\"https://pivotreport.io/problems/method-not-allowed\","
            + "\"title\":\"Method not allowed\",\"status\":405,"
            + "\"detail\":\"Support access is read-only: GET only\"}";
    private static final String TOO_LARGE = "{\"type\":\"https://pivotreport.io/problems/payload-too-large\","
            + "\"title\":\"Payload too large\",\"status\":413,"
            + "\"detail\":\"The request body is larger than the gateway accepts\"}";
    private static final Logger ACCESS = Logger.getLogger("io.pivotreport.gateway.access");

    private final MeterRegistry registry;
    private final String hsts;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    private final long maxBodyBytes;

    public EdgeFilters(MeterRegistry registry, GatewayConfig config,
                       @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.registry = registry;
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        // every support series exists from the start, so an alert on support refusals sees zeros, not nothing
        for (SupportRoute route : SupportRoute.values()) {
            for (Outcome outcome : Outcome.values()) {
                supportCounter(route, outcome);
            }
        }
        this.hsts = "max-age=" + config.hsts().maxAge().toSeconds()
                + (config.hsts().includeSubDomains() ? "; includeSubDomains" : "");
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, 1000);
    }

    void handle(RoutingContext context) {
        long started = System.nanoTime();
        HttpServerRequest request = context.request();
        String path = request.path();
        RouteClass routeClass = RouteClass.of(path);
        boolean tls = request.isSSL();
        context.addHeadersEndHandler(ignored -> secureHeaders(context.response().headers(), routeClass, tls));
        context.addEndHandler(ignored -> {
            int status = context.response().getStatusCode();
            long nanos = System.nanoTime() - started;
            count(routeClass, status);
            if (routeClass == RouteClass.SUPPORT) {
                countSupport(SupportRoute.of(path), status);
            }
            if (routeClass == RouteClass.LIFECYCLE) {
                time(path, status, nanos);
            }
            if (routeClass != RouteClass.MANAGEMENT && ACCESS.isInfoEnabled()) {
                ACCESS.infof("%s %s %d %dms", request.method().name(), AccessLogMasking.target(path, request.query()),
                        status, nanos / 1_000_000);
            }
        });
        if (routeClass == RouteClass.SUPPORT && request.method() != HttpMethod.GET) {
            // Support is read-only: every other method on /support/** is refused before any token is looked at.
            context.response().setStatusCode(405)
                    .putHeader("Allow", "GET")
                    .putHeader("Content-Type", "application/problem+json")
                    .end(NOT_ALLOWED);
            return;
        }
        if (declaresTooLargeBody(request)) {
            // Quarkus' own check of the same limit answers 413 with an empty body; ours says what happened.
            context.response().setStatusCode(413)
                    .putHeader("Content-Type", "application/problem+json")
                    .putHeader("Connection", "close")
                    .end(TOO_LARGE);
            return;
        }
        context.next();
    }

    private boolean declaresTooLargeBody(HttpServerRequest request) {
        String declared = request.getHeader("Content-Length");
        if (declared == null) {
            return false; // chunked bodies are counted while read: Quarkus REST answers 413 through the mappers
        }
        try {
            return Long.parseLong(declared.strip()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed length itself
        }
    }

    void secureHeaders(MultiMap headers, RouteClass routeClass, boolean tls) {
        if (tls) {
            headers.set("Strict-Transport-Security", hsts);
        }
        headers.set("X-Content-Type-Options", "nosniff");
        if (routeClass != RouteClass.STATIC && !headers.contains("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
        if (!headers.contains("Content-Security-Policy")) {
            headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        }
    }

    private void count(RouteClass routeClass, int status) {
        if (routeClass == RouteClass.MANAGEMENT) {
            return;
        }
        Outcome outcome = Outcome.of(status);
        counters.computeIfAbsent(routeClass.tag() + '|' + outcome.tag(), key -> Counter.builder(REQUESTS_METRIC)
                .description("Requests answered by the gateway")
                .tag("route_class", routeClass.tag())
                .tag("outcome", outcome.tag())
                .register(registry)).increment();
    }

    private void countSupport(SupportRoute route, int status) {
        Outcome outcome = Outcome.of(status);
        supportCounter(route, outcome).increment();
    }

    private Counter supportCounter(SupportRoute route, Outcome outcome) {
        return counters.computeIfAbsent("support|" + route.tag() + '|' + outcome.tag(),
                key -> Counter.builder(SUPPORT_METRIC)
                        .description("Requests on the audited support path")
                        .tag("route", route.tag())
                        .tag("outcome", outcome.tag())
                        .register(registry));
    }

    private void time(String path, int status, long nanos) {
        String event = switch (path) {
            case "/lifecycle/installed" -> "installed";
            case "/lifecycle/uninstalled" -> "uninstalled";
            case "/lifecycle/enabled" -> "enabled";
            case "/lifecycle/disabled" -> "disabled";
            default -> null;
        };
        if (event == null) {
            return;
        }
        String outcome = status >= 200 && status < 300 ? "success" : "failure";
        timers.computeIfAbsent(event + '|' + outcome, key -> Timer.builder(INSTALL_METRIC)
                .description("Latency of Connect lifecycle callbacks, verification included")
                .tag("event", event)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
