package io.pivotreport.gateway.internal;

import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.platform.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Calls the private services with a freshly minted internal token. Bounded everywhere: connect timeout (a service that
 * is down answers fast), a deadline on the whole exchange (a service that hangs cannot hold the caller), no redirects
 * (a private service never sends the gateway elsewhere). Any transport failure becomes a 503 problem with
 * {@code Retry-After}; the caller never sees why.
 */
@ApplicationScoped
public class PrivateServiceClient {

    private static final Logger LOG = Logger.getLogger(PrivateServiceClient.class);

    private final WebClient client;
    private final Map<PrivateService, URI> baseUrls = new EnumMap<>(PrivateService.class);
    private final Duration requestTimeout;
    private final int retryAfterSeconds;

    @Inject
    public PrivateServiceClient(Vertx vertx, GatewayConfig config) {
        this(vertx, baseUrls(config.services()), config.services().connectTimeout(),
                config.services().requestTimeout(), config.services().retryAfterSeconds());
    }

    PrivateServiceClient(Vertx vertx, Map<PrivateService, URI> baseUrls, Duration connectTimeout,
                         Duration requestTimeout, int retryAfterSeconds) {
        this.requestTimeout = requestTimeout;
        this.retryAfterSeconds = retryAfterSeconds;
        this.baseUrls.putAll(baseUrls);
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setFollowRedirects(false)
                .setKeepAlive(true)
                .setMaxPoolSize(64)
                .setUserAgentEnabled(false));
    }

    private static Map<PrivateService, URI> baseUrls(GatewayConfig.Services services) {
        Map<PrivateService, URI> urls = new EnumMap<>(PrivateService.class);
        urls.put(PrivateService.LICENSE, services.license());
        urls.put(PrivateService.REPORT, services.report());
        services.analytics().ifPresent(url -> urls.put(PrivateService.ANALYTICS, url));
        return urls;
    }

    void close(@Observes ShutdownEvent event) {
        client.close();
    }

    /**
     * @param pathAndQuery already encoded path (and query) under the service's base URL, e.g. {@code /reports?page=0}
     * @param bearerToken  the internal token minted for this service
     * @param json         request body (JSON) or null
     * @param ifMatch      an {@code If-Match} value to pass on, or null
     */
    public Uni<UpstreamResponse> call(PrivateService service, HttpMethod method, String pathAndQuery,
                                      String bearerToken, Buffer json, String ifMatch) {
        URI base = baseUrls.get(service);
        if (base == null) {
            return Uni.createFrom().failure(unavailable());
        }
        HttpRequest<Buffer> request = client.requestAbs(method, stripSlash(base.toString()) + pathAndQuery)
                .timeout(requestTimeout.toMillis())
                .putHeader("Authorization", "Bearer " + bearerToken)
                .putHeader("Accept", "application/json, application/problem+json");
        if (ifMatch != null) {
            request.putHeader("If-Match", ifMatch);
        }
        Uni<HttpResponse<Buffer>> sent;
        if (json != null) {
            request.putHeader("Content-Type", "application/json");
            sent = request.sendBuffer(json);
        } else {
            sent = request.send();
        }
        return sent
                .ifNoItem().after(requestTimeout.plusMillis(250)).fail()
                .map(response -> new UpstreamResponse(response.statusCode(), response.getHeader("Content-Type"),
                        response.body(), response.getHeader("ETag"), response.getHeader("Location"),
                        response.getHeader("Retry-After")))
                .onFailure().transform(failure -> {
                    // The failure's message may hold the URL; its class is enough to tell timeouts from refusals.
                    LOG.warnf("%s unavailable (%s)", service.audience(), failure.getClass().getSimpleName());
                    return unavailable();
                });
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    private ProblemException unavailable() {
        return ProblemException.unavailable("A service behind the gateway is unavailable; try again shortly",
                retryAfterSeconds);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
