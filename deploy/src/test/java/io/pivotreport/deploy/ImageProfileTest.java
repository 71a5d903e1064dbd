package io.pivotreport.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image profile for the root pom (deploy/image/jib-profile.xml) and the base image script keep the promises the
 * manifests rely on: non-root images running the Quarkus fast-jar, built only for Quarkus applications, from a base
 * that needs no registry. Building the images themselves takes a Quarkus build per service and stays outside the test
 * command (deploy/image/build-image.sh).
 */
class ImageProfileTest {

    private static Element profile;

    @BeforeAll
    static void parse() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        byte[] xml = DeployTree.read(DeployTree.deploy().resolve("image/jib-profile.xml")).getBytes(StandardCharsets.UTF_8);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        profile = document.getDocumentElement();
        assertEquals("profile", profile.getTagName());
    }

    @Test
    void onlyQuarkusApplicationsAreContainerizedAndOnlyOnRequest() {
        assertEquals("image", text(profile, "id"));
        Element activation = child(profile, "activation");
        assertEquals("pivot.image", text(child(activation, "property"), "name"),
                "the switch must not be `image`: Jib reads that property as the target image name");
        assertEquals("${basedir}/src/main/resources/application.properties",
                text(child(activation, "file"), "exists"), "the same test as the parent's quarkus-app profile");
    }

    @Test
    void imagesRunTheFastJarAsUser10001FromApp() {
        Element configuration = jibConfiguration();
        Element container = child(configuration, "container");
        assertEquals("10001:10001", text(container, "user"));
        assertEquals("/app", text(container, "workingDirectory"));
        assertEquals(List.of("java", "-jar", "/app/quarkus-run.jar"), texts(child(container, "entrypoint"), "arg"));
        assertEquals("${project.build.directory}/jib-image.tar", text(child(configuration, "outputPaths"), "tar"));
        assertEquals("${pivot.image.registry}/${project.artifactId}:${pivot.image.tag}",
                text(child(configuration, "to"), "image"), "the name compose and the manifests use");

        List<String> sources = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (Element path : children(child(child(configuration, "extraDirectories"), "paths"), "path")) {
            sources.add(text(path, "from"));
            targets.add(text(path, "into"));
        }
        assertEquals(List.of("${project.build.directory}/quarkus-app/lib", "${project.build.directory}/quarkus-app"),
                sources, "dependencies in their own layer first, then the application");
        assertEquals(List.of("/app/lib", "/app"), targets);
        List<String> globs = new ArrayList<>();
        Element filters = child(child(child(child(configuration, "pluginExtensions"), "pluginExtension"),
                "configuration"), "filters");
        NodeList nodes = filters.getElementsByTagName("glob");
        for (int i = 0; i < nodes.getLength(); i++) {
            globs.add(nodes.item(i).getTextContent().trim());
        }
        assertTrue(globs.containsAll(List.of("/app/classes/**", "/app/libs/**", "/app/resources/**")),
                "Jib's own layers would duplicate quarkus-app: " + globs);
    }

    @Test
    void theDefaultBaseIsTheLocalTarballBuiltFromDebianPackages() {
        String base = text(child(profile, "properties"), "pivot.image.base");
        assertEquals("tar://${maven.multiModuleProjectDirectory}/deploy/image/target/java17-base.tar", base);
        String script = DeployTree.read(DeployTree.deploy().resolve("image/build-base-image.sh"));
        assertTrue(script.contains("app:x:10001:10001:"), "the base image names uid 10001");
        assertTrue(script.contains("\"User\":\"10001:10001\""), "the base image's default user is not root");
        assertTrue(script.contains("probe/HealthProbe.java"), "the compose health probe is compiled into the base");
        assertTrue(script.contains("jlink"));
        assertFalse(script.contains("docker "), "no Docker engine is needed");
    }

    private static Element jibConfiguration() {
        Element plugin = child(child(child(profile, "build"), "plugins"), "plugin");
        assertEquals("jib-maven-plugin", text(plugin, "artifactId"));
        Element execution = child(child(plugin, "executions"), "execution");
        assertEquals("package", text(execution, "phase"));
        assertEquals(List.of("buildTar"), texts(child(execution, "goals"), "goal"));
        return child(plugin, "configuration");
    }

    private static Element child(Element parent, String name) {
        assertNotNull(parent, "missing parent of <" + name + ">");
        List<Element> found = children(parent, name);
        assertEquals(1, found.size(), "<" + parent.getTagName() + "> must have one <" + name + ">");
        return found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().trim();
    }

    private static List<String> texts(Element parent, String name) {
        return children(parent, name).stream().map(e -> e.getTextContent().trim()).toList();
    }
}
