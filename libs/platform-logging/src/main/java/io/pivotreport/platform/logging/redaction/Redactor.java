package io.pivotreport.platform.logging.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets and private data from text that is about to become a log line. Rules run in a fixed order and each
 * replacement is a marker that no rule matches again, so redacting twice gives the same text as redacting once.
 *
 * <p>What goes: credentials in URLs ({@code https://user:password@host}), raw JWTs (header segment {@code eyJ…}, three to five base64url segments), {@code Authorization} header
 * values (the scheme stays, it tells support which token class was used), values of secret-looking keys in query
 * strings, forms, JSON and {@code key: value} text ({@code jwt=}, {@code sharedSecret}, {@code password}, {@code token},
 * …), e-mail addresses, the values of JSON fields that carry private data (display names, summaries, descriptions,
 * report or board names), and long mixed-case alphanumeric runs that look like a key or a shared secret even when no
 * key name announces them. Lower-case hex (trace ids, hashes) and UUIDs survive: support needs them.
 */
public final class Redactor {

    /** Marker left where a value was removed. */
    public static final String REDACTED = "[REDACTED]";
    static final String JWT_MARKER = "[REDACTED:jwt]";
    static final String EMAIL_MARKER = "[REDACTED:email]";
    static final String SECRET_MARKER = "[REDACTED:secret]";

    /** Keys whose values are credentials wherever they appear: query string, form, JSON, YAML-ish text. */
    private static final String SECRET_KEYS = "shared[_-]?secret|client[_-]?secret|secret|password|passwd|pwd"
            + "|access[_-]?token|refresh[_-]?token|id[_-]?token|token|jwt|api[_-]?key|private[_-]?key|credentials?"
            + "|signature|x-api-key";

    /** JSON fields that carry private data (policy P4): people's names, e-mails, issue text, user-chosen names. */
    private static final String PRIVATE_JSON_FIELDS = "displayName|display_name|emailAddress|email|userName|username"
            + "|fullName|full_name|name|summary|description|comment|title|boardName|filterName|projectName"
            + "|reportName";

    private static final String NOT_A_MARKER = "(?!\\[REDACTED)";
    /** A key starts a word: {@code sharedSecret} matches, {@code mySecret} does not. */
    private static final String KEY_START = "(?<![A-Za-z0-9_-])";

    private record Rule(Pattern pattern, String replacement) {
        String apply(String text) {
            Matcher matcher = pattern.matcher(text);
            return matcher.find() ? matcher.replaceAll(replacement) : text;
        }
    }

    private static final List<Rule> RULES = List.of(
            // credentials inside a URL: https://user:password@host
            new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)" + NOT_A_MARKER + "[^/\\s:@\"']+:[^/\\s@\"']*@"),
                    "$1" + Matcher.quoteReplacement(REDACTED) + "@"),
            // Authorization: Bearer xxx / "authorization":"JWT xxx" / Authorization=[Basic xxx]; the scheme is
            // matched atomically so a second pass cannot take the scheme word for the value
            new Rule(Pattern.compile("(?i)(\\bauthorization[\"']?\\s*[:=]\\s*\\[?[\"']?"
                    + "(?>(?:(?:bearer|jwt|basic|digest|negotiate|token)\\s+)?))" + NOT_A_MARKER + "[^\\s\"',;\\]}]+"),
                    "$1" + REDACTED),
            // Raw JWT / JWS / JWE anywhere (header always starts with {" which encodes to eyJ)
            new Rule(Pattern.compile("eyJ[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]*){2,4}"), Matcher.quoteReplacement(JWT_MARKER)),
            // "key":"value with spaces" in JSON
            new Rule(Pattern.compile("(?i)(\"?" + KEY_START + "(?:" + SECRET_KEYS + ")\"?\\s*[:=]\\s*)\"" + NOT_A_MARKER
                    + "(?:[^\"\\\\]|\\\\.)*\""), "$1\"" + Matcher.quoteReplacement(REDACTED) + "\""),
            // key=value in query strings and forms, key: value in text
            new Rule(Pattern.compile("(?i)([\"']?" + KEY_START + "(?:" + SECRET_KEYS + ")[\"']?\\s*[:=]\\s*'?)"
                    + NOT_A_MARKER + "(?![\"'])[^\\s\"'&,;}\\]]+"), "$1" + Matcher.quoteReplacement(REDACTED)),
            // e-mail addresses, also URL-encoded (%40)
            new Rule(Pattern.compile("[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"),
                    Matcher.quoteReplacement(EMAIL_MARKER)),
            // private data in JSON bodies: "displayName":"Jane Doe"
            new Rule(Pattern.compile("(?i)(\"(?:" + PRIVATE_JSON_FIELDS + ")\"\\s*:\\s*)\"" + NOT_A_MARKER
                    + "(?:[^\"\\\\]|\\\\.)*\""), "$1\"" + Matcher.quoteReplacement(REDACTED) + "\""));

    /** Candidate runs for the unannounced-secret heuristic; the mix of classes is checked per match. */
    private static final Pattern TOKEN_RUN = Pattern.compile("(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/=_-]{32,}(?![A-Za-z0-9+/=_-])");

    private Redactor() {
    }

    /** Returns {@code text} with every secret and private value replaced by a marker; {@code null} stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Rule rule : RULES) {
            result = rule.apply(result);
        }
        return redactSecretLookingRuns(result);
    }

    /** True if {@link #redact} would change the text. */
    public static boolean needsRedaction(String text) {
        return text != null && !text.equals(redact(text));
    }

    private static String redactSecretLookingRuns(String text) {
        Matcher matcher = TOKEN_RUN.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            if (looksLikeSecret(matcher.group())) {
                out.append(text, last, matcher.start()).append(SECRET_MARKER);
                last = matcher.end();
            }
        } while (matcher.find());
        return last == 0 ? text : out.append(text, last, text.length()).toString();
    }

    /**
     * Base64 keys and shared secrets mix upper case, lower case and digits; hex ids, class names and words do not.
     * Paths are mostly slashes between words, so more than two slashes means a path, not a key.
     */
    private static boolean looksLikeSecret(String run) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int slashes = 0;
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '/') {
                slashes++;
            }
        }
        return upper && lower && digit && slashes <= 2;
    }
}
