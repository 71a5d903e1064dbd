package io.pivotreport.launcher;

import io.pivotreport.test.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevKeysTest {

    @Test
    void generatesEveryKeyOnceAndReusesThem(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        boolean[] created = new boolean[1];
        DevKeys keys = FakeServices.sharedKeys(); // generated once per test JVM into a fresh directory

        // internal JWT pair: PKCS#8 + X.509 PEM that belong together
        PrivateKey priv = Pem.readRsaPrivateKey(keys.internalPrivatePem());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(priv);
        signer.update(new byte[] {1, 2, 3});
        byte[] sig = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(Pem.readRsaPublicKey(keys.internalPublicPem()));
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(sig));
        assertTrue(Files.readString(keys.internalPublicPem()).startsWith("-----BEGIN PUBLIC KEY-----"));

        assertEquals(32, Base64.getDecoder().decode(keys.licenseEncryptionKeyBase64()).length, "AES-256");
        assertEquals(32, Base64.getDecoder().decode(keys.analyticsOrgHashKeyBase64()).length, "HMAC key");
        assertFalse(keys.licenseEncryptionKeyBase64().equals(keys.analyticsOrgHashKeyBase64()));

        // TLS: a certificate for localhost whose key is the key file's
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(keys.gatewayTlsCertPem())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        cert.checkValidity();
        assertTrue(cert.getSubjectX500Principal().getName().contains("CN=localhost"));
        assertTrue(cert.getSubjectAlternativeNames().stream().anyMatch(n -> List.of(2, "localhost").equals(n)));
        assertTrue(Files.readString(keys.gatewayTlsKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----"));
        PrivateKey tlsKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Pem.decode(Files.readString(keys.gatewayTlsKeyPem()))));
        Signature ecSigner = Signature.getInstance("SHA256withECDSA");
        ecSigner.initSign(tlsKey);
        ecSigner.update(new byte[] {4});
        byte[] tlsSig = ecSigner.sign();
        Signature ecVerifier = Signature.getInstance("SHA256withECDSA");
        ecVerifier.initVerify(cert.getPublicKey());
        ecVerifier.update(new byte[] {4});
        assertTrue(ecVerifier.verify(tlsSig), "the key file belongs to the certificate");

        // secrets are owner-only
        for (Path secret : List.of(keys.internalPrivatePem(), keys.gatewayTlsKeyPem(), keys.licenseEncryptionKeyFile(),
                keys.analyticsOrgHashKeyFile(), keys.supportPrivatePem())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), secret.toString());
        }

        // a second run reuses everything
        byte[] before = Files.readAllBytes(keys.internalPrivatePem());
        String password = keys.databasePassword("license");
        DevKeys again = DevKeys.ensure(keys.dir(), java, created);
        assertFalse(created[0]);
        assertArrayEquals(before, Files.readAllBytes(again.internalPrivatePem()));
        assertEquals(password, again.databasePassword("license"));
        assertFalse(password.equals(again.databasePassword("report")));

        // only what is missing is generated
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        for (Path f : List.of(keys.internalPrivatePem(), keys.internalPublicPem(), keys.gatewayTlsCertPem(),
                keys.gatewayTlsKeyPem(), keys.analyticsOrgHashKeyFile())) {
            Files.copy(f, copy.resolve(f.getFileName()));
        }
        DevKeys partial = DevKeys.ensure(copy, java, created);
        assertTrue(created[0]);
        assertArrayEquals(before, Files.readAllBytes(partial.internalPrivatePem()));
        assertEquals(32, Base64.getDecoder().decode(partial.licenseEncryptionKeyBase64()).length);
    }
}
