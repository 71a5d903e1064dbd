package io.pivotreport.test.atlassian;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A loopback fake of Atlassian's Personal Data Reporting API ({@code POST /app/report-accounts/}) that behaves as
 * Atlassian's "User privacy guide for app developers" describes it
 * (https://developer.atlassian.com/cloud/jira/platform/user-privacy-developer-guide/):
 * <ul>
 *   <li>a request is {@code {"accounts":[{"accountId","updatedAt"}]}}, at most {@value #MAX_ACCOUNTS} accounts, each
 *       accountId 1–128 characters of {@code [A-Za-z0-9:-]} and {@code updatedAt} an RFC 3339 date-time; anything else
 *       is a {@code 400} with {@code {errorType, errorMessage}};</li>
 *   <li>{@code 200 {"accounts":[{"accountId","status":"closed"|"updated"}]}} when something must be done, {@code 204}
 *       when nothing;</li>
 *   <li>the published test accounts: {@link #ACTIVE_TEST_ACCOUNT} (no action) and {@link #CLOSED_TEST_ACCOUNT}
 *       ({@code closed}); the guide names no fixed account for {@code updated}, so tests configure one with
 *       {@link #answer};</li>
 *   <li>{@code 429} with {@code Retry-After} (seconds) when rate limited, {@code 500} with an error body;</li>
 *   <li>a {@code Cycle-Period} header on every successful answer (configurable, see {@link #cyclePeriod}).</li>
 * </ul>
 * Authentication is the Connect app → Atlassian JWT: {@code Authorization: JWT <token>}, HS256 with the shared secret
 * of one of the {@link #registerTenant registered} installations, {@code iss} = the app key, {@code qsh} of
 * {@code POST /app/report-accounts}, a current {@code exp}; anything else is a {@code 401}. Every call is recorded,
 * rejected ones included, for assertions.
 */
public final class PersonalDataApiFake implements AutoCloseable {

    public static final String PATH = "/app/report-accounts/";
    public static final int MAX_ACCOUNTS = 90;

    /** The guide's test account that is active: Atlassian answers nothing for it. */
    public static final String ACTIVE_TEST_ACCOUNT = "5be24ad8b1653240376955d2";
    /** The guide's test account that is closed: Atlassian answers {@code closed} for it. */
    public static final String CLOSED_TEST_ACCOUNT = "5be24ba3f91c106033269289";

    /** What the fake answers for an account. */
    public enum Status {
        /** Nothing to do (the account is active and unchanged). */
        NONE,
        CLOSED,
        UPDATED
    }

    /** One account of a recorded request. */
    public record Account(String accountId, String updatedAt) {
    }

    /**
     * One call as the fake saw it.
     *
     * @param status    the HTTP status answered
     * @param clientKey the installation whose secret verified the JWT, or null when it did not verify
     * @param accounts  the accounts of the body (empty when the body was not readable)
     * @param at        when the fake received it (by its clock)
     */
    public record Call(int status, String clientKey, List<Account> accounts, Instant at) {
        public List<String> accountIds() {
            return accounts.stream().map(Account::accountId).toList();
        }
    }

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9:\\-]{1,128}");
    /** The only request this API takes, canonicalised as Atlassian's qsh algorithm does (no query, trailing / cut). */
    static final String CANONICAL_REQUEST = "POST&/app/report-accounts&";

    private final HttpServer server;
    private final Map<String, String> secretsByClientKey = new ConcurrentHashMap<>();
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<Scripted> scripted = new ArrayDeque<>();
    private volatile String appKey;
    private volatile Clock clock = Clock.systemUTC();
    private volatile String cyclePeriod = String.valueOf(7L * 24 * 3600);

    private record Scripted(int status, String retryAfter) {
    }

    private PersonalDataApiFake(HttpServer server) {
        this.server = server;
    }

    /** Starts the fake on a free loopback port; {@code appKey} is the {@code iss} every token must carry. */
    public static PersonalDataApiFake start(String appKey) {
        return start(appKey, 0);
    }

    /**
     * Starts the fake on this loopback port (0: any free one), for a service whose API base URL was configured before
     * the fake could be started.
     */
    public static PersonalDataApiFake start(String appKey, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            PersonalDataApiFake fake = new PersonalDataApiFake(server);
            fake.appKey = Objects.requireNonNull(appKey, "appKey");
            server.createContext("/", fake::handle);
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "personal-data-api-fake");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Personal Data Reporting API fake", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the API base URL to configure in the service under test. */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** Accepts JWTs signed with this installation's shared secret. */
    public PersonalDataApiFake registerTenant(String clientKey, String sharedSecret) {
        secretsByClientKey.put(clientKey, sharedSecret);
        return this;
    }

    /** What to answer for {@code accountId} from now on (the published test accounts answer as documented). */
    public PersonalDataApiFake answer(String accountId, Status status) {
        statuses.put(accountId, status);
        return this;
    }

    /** Same answer for many accounts. */
    public PersonalDataApiFake answer(Collection<String> accountIds, Status status) {
        accountIds.forEach(id -> statuses.put(id, status));
        return this;
    }

    /** The {@code Cycle-Period} header value of successful answers (default 604800, 7 days); null sends none. */
    public PersonalDataApiFake cyclePeriod(String headerValue) {
        this.cyclePeriod = headerValue;
        return this;
    }

    /** The clock {@code exp}/{@code iat} are checked against (a test that moves its application clock passes it). */
    public PersonalDataApiFake clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The next {@code calls} requests are answered {@code 429} with this {@code Retry-After} value (null: none). */
    public synchronized PersonalDataApiFake rateLimitNext(int calls, String retryAfter) {
        for (int i = 0; i < calls; i++) {
            scripted.add(new Scripted(429, retryAfter));
        }
        return this;
    }

    /** The next {@code calls} requests are answered with {@code status} (e.g. 500, 503) and an error body. */
    public synchronized PersonalDataApiFake failNext(int calls, int status) {
        for (int i = 0; i < calls; i++) {
            scripted.add(new Scripted(status, null));
        }
        return this;
    }

    /** Every call so far, in arrival order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls answered 200 or 204. */
    public List<Call> acceptedCalls() {
        return calls.stream().filter(c -> c.status() == 200 || c.status() == 204).toList();
    }

    /** Forgets calls, scripted failures and configured answers (registered tenants and the cycle period stay). */
    public synchronized void reset() {
        calls.clear();
        scripted.clear();
        statuses.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (!PATH.equals(path) && !PATH.substring(0, PATH.length() - 1).equals(path)) {
                respond(exchange, 404, error("NotFound", "No such resource"));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("MethodNotAllowed", "Only POST is supported"));
                return;
            }
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readNBytes(1 << 20);
            }
            Instant now = clock.instant();
            String clientKey = verifiedClientKey(exchange.getRequestHeaders().getFirst("Authorization"), now,
                    exchange.getRequestURI().getRawQuery());
            List<Account> accounts = new ArrayList<>();
            String malformed = parse(exchange.getRequestHeaders().getFirst("Content-Type"), raw, accounts);
            if (clientKey == null) {
                record(401, null, accounts, now);
                respond(exchange, 401, error("Unauthorized", "JWT missing or invalid"));
                return;
            }
            Scripted next;
            synchronized (this) {
                next = scripted.poll();
            }
            if (next != null) {
                record(next.status(), clientKey, accounts, now);
                if (next.status() == 429 && next.retryAfter() != null) {
                    exchange.getResponseHeaders().set("Retry-After", next.retryAfter());
                }
                respond(exchange, next.status(), next.status() == 429 ? null
                        : error("InternalServerError", "Scripted failure"));
                return;
            }
            if (malformed != null) {
                record(400, clientKey, accounts, now);
                respond(exchange, 400, error("BadRequest", malformed));
                return;
            }
            List<Map<String, Object>> actions = new ArrayList<>();
            for (Account account : accounts) {
                Status status = statusOf(account.accountId());
                if (status != Status.NONE) {
                    Map<String, Object> action = new LinkedHashMap<>();
                    action.put("accountId", account.accountId());
                    action.put("status", status.name().toLowerCase());
                    actions.add(action);
                }
            }
            record(actions.isEmpty() ? 204 : 200, clientKey, accounts, now);
            if (cyclePeriod != null) {
                exchange.getResponseHeaders().set("Cycle-Period", cyclePeriod);
            }
            respond(exchange, actions.isEmpty() ? 204 : 200,
                    actions.isEmpty() ? null : JsonUtil.toJson(Map.of("accounts", actions)));
        } catch (RuntimeException e) {
            // a bug in the fake must show up as a failing test, not as a hanging client
            respond(exchange, 500, error("FakeFailure", e.getClass().getSimpleName()));
        } finally {
            exchange.close();
        }
    }

    private Status statusOf(String accountId) {
        Status configured = statuses.get(accountId);
        if (configured != null) {
            return configured;
        }
        return CLOSED_TEST_ACCOUNT.equals(accountId) ? Status.CLOSED : Status.NONE;
    }

    private void record(int status, String clientKey, List<Account> accounts, Instant at) {
        calls.add(new Call(status, clientKey, List.copyOf(accounts), at));
    }

    /** Fills {@code accounts} with what is readable; returns why the body is malformed, or null. */
    private static String parse(String contentType, byte[] raw, List<Account> accounts) {
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            return "Content type must be application/json";
        }
        Map<String, Object> body;
        try {
            body = JsonUtil.parseJson(new String(raw, StandardCharsets.UTF_8));
        } catch (JoseException | RuntimeException e) {
            return "Body is not a JSON object";
        }
        if (body == null || !Set.of("accounts").equals(body.keySet()) || !(body.get("accounts") instanceof List<?> list)) {
            return "Body must be {\"accounts\": [...]}";
        }
        String problem = null;
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> entry) || !(entry.get("accountId") instanceof String accountId)
                    || !(entry.get("updatedAt") instanceof String updatedAt)
                    || !Set.of("accountId", "updatedAt").equals(entry.keySet())) {
                problem = "Each account must be {\"accountId\", \"updatedAt\"}";
                continue;
            }
            accounts.add(new Account(accountId, updatedAt));
            if (!ACCOUNT_ID.matcher(accountId).matches()) {
                problem = "accountId must be 1-128 characters of letters, digits, '-' and ':'";
            } else if (!isRfc3339(updatedAt)) {
                problem = "updatedAt must be an RFC 3339 date-time";
            }
        }
        if (problem != null) {
            return problem;
        }
        if (list.isEmpty()) {
            return "At least one account is required";
        }
        if (list.size() > MAX_ACCOUNTS) {
            return "At most " + MAX_ACCOUNTS + " accounts per request";
        }
        return null;
    }

    private static boolean isRfc3339(String value) {
        try {
            OffsetDateTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The client key whose secret verifies the token, or null when none does or a claim is wrong. */
    private String verifiedClientKey(String authorization, Instant now, String rawQuery) {
        if (authorization == null || !authorization.startsWith("JWT ") || rawQuery != null) {
            return null;
        }
        String token = authorization.substring(4).trim();
        for (Map.Entry<String, String> tenant : secretsByClientKey.entrySet()) {
            JwtClaims claims = verify(token, tenant.getValue());
            if (claims != null && claimsHold(claims, now)) {
                return tenant.getKey();
            }
        }
        return null;
    }

    private static JwtClaims verify(String token, String secret) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    AlgorithmIdentifiers.HMAC_SHA256));
            jws.setCompactSerialization(token);
            jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
            jws.setDoKeyValidation(false);
            return jws.verifySignature() ? JwtClaims.parse(jws.getPayload()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private boolean claimsHold(JwtClaims claims, Instant now) {
        try {
            long nowSeconds = now.getEpochSecond();
            return appKey.equals(claims.getIssuer())
                    && claims.getExpirationTime() != null && claims.getExpirationTime().getValue() > nowSeconds
                    && claims.getIssuedAt() != null && claims.getIssuedAt().getValue() <= nowSeconds + 60
                    && qsh(CANONICAL_REQUEST).equals(claims.getStringClaimValue("qsh"));
        } catch (Exception e) {
            return false;
        }
    }

    static String qsh(String canonicalRequest) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String error(String type, String message) {
        return JsonUtil.toJson(Map.of("errorType", type, "errorMessage", message));
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
