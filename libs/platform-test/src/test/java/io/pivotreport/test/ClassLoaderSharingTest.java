package io.pivotreport.test;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * Quarkus may load platform-test in more than one class loader in one JVM. The servers and the key pair must still be
 * one per JVM: a second loader attaches to what the first started and signs with the same key.
 */
class ClassLoaderSharingTest {

    static URLClassLoader separateLoader() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void anotherClassLoaderSeesTheSameServersAndKeys() throws Exception {
        String url = TestPostgres.shared().admin().jdbcUrl();
        String bootstrap = TestKafka.shared().bootstrapServers();
        Path publicPem = TestKeys.publicKeyPem();

        try (URLClassLoader other = separateLoader()) {
            Class<?> postgres = Class.forName(TestPostgres.class.getName(), true, other);
            assertNotSame(TestPostgres.class, postgres, "a really separate copy of the class");
            Object otherPostgres = postgres.getMethod("shared").invoke(null);
            Object admin = postgres.getMethod("admin").invoke(otherPostgres);
            assertEquals(url, admin.getClass().getMethod("jdbcUrl").invoke(admin));
            assertEquals(TestPostgres.shared().source().name(),
                    postgres.getMethod("source").invoke(otherPostgres).toString());

            Class<?> kafka = Class.forName(TestKafka.class.getName(), true, other);
            Object otherKafka = kafka.getMethod("shared").invoke(null);
            assertEquals(bootstrap, kafka.getMethod("bootstrapServers").invoke(otherKafka));

            Class<?> keys = Class.forName(TestKeys.class.getName(), true, other);
            assertEquals(publicPem, keys.getMethod("publicKeyPem").invoke(null));
            assertEquals(TestKeys.publicKey(), keys.getMethod("publicKey").invoke(null));
        }
    }
}
