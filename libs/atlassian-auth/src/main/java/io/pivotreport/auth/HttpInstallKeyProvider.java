package io.pivotreport.auth;

import java.net.URI;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import org.jose4j.keys.RsaKeyUtil;

/**
 * Fetches install keys from Atlassian's install-keys service: {@code GET <base>/<kid>} answers a PEM public key.
 * No caching here: wrap it in {@link CachingInstallKeyProvider}.
 */
public final class HttpInstallKeyProvider implements InstallKeyProvider {
    private final String baseUrl;
    private final KeyFetcher fetcher;

    public HttpInstallKeyProvider(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        this.baseUrl = AuthSettings.stripTrailingSlash(baseUrl.toString());
        this.fetcher = new KeyFetcher(connectTimeout, readTimeout);
    }

    public static HttpInstallKeyProvider fromSettings(AuthSettings settings) {
        return new HttpInstallKeyProvider(settings.installKeysBaseUrl(), settings.connectTimeout(),
                settings.readTimeout());
    }

    @Override
    public PublicKey publicKey(String kid) throws KeyUnavailableException {
        // The verifier already checked; checked again because this class may be used on its own.
        if (!InstallKeyProvider.isWellFormedKid(kid)) {
            throw new KeyUnavailableException("kid is not a safe key id");
        }
        String pem = fetcher.get(URI.create(baseUrl + "/" + kid), "application/x-pem-file, text/plain");
        return parseRsaPublicKey(pem);
    }

    static RSAPublicKey parseRsaPublicKey(String pem) throws KeyUnavailableException {
        if (!pem.contains("-----BEGIN PUBLIC KEY-----") || !pem.contains("-----END PUBLIC KEY-----")) {
            throw new KeyUnavailableException("install key is not a PEM public key");
        }
        try {
            PublicKey key = new RsaKeyUtil().fromPemEncoded(pem);
            if (key instanceof RSAPublicKey) {
                return (RSAPublicKey) key;
            }
        } catch (Exception e) {
            // fall through: the body is not a key we can use
        }
        throw new KeyUnavailableException("install key is not an RSA public key");
    }
}
