package io.petrel.architecture;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * petrel-bom stands outside the parent (so importing it manages Petrel's artifacts only): these checks keep it in
 * step with the build, listing every library module at the parent's version.
 */
class BomTest {
    /** Modules that are built but are not artifacts for users' builds. */
    private static final Set<String> NOT_PUBLISHED = Set.of("petrel-bom", "samples", "architecture-tests",
            "benchmarks", "interop-tests");

    private static final Path ROOT = Path.of("..");

    @Test
    void theBomListsEveryLibraryModuleAtTheParentsVersion() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        Document bom = read(ROOT.resolve("petrel-bom/pom.xml"));
        String version = child(parent.getDocumentElement(), "version");
        assertEquals(version, child(bom.getDocumentElement(), "version"), "petrel-bom's version");

        Set<String> expected = new TreeSet<>();
        for (String module : texts(parent.getDocumentElement(), "module")) {
            if (!NOT_PUBLISHED.contains(module)) {
                expected.add(child(read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement(), "artifactId"));
            }
        }
        Set<String> managed = new TreeSet<>();
        NodeList dependencies = bom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            assertEquals("${project.version}", child(dependency, "version"), child(dependency, "artifactId"));
            managed.add(child(dependency, "artifactId"));
        }
        assertEquals(expected, managed, "the artifacts petrel-bom manages");
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    /** The text of a direct child element. */
    private static String child(Element element, String name) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        throw new AssertionError("<" + element.getTagName() + "> has no <" + name + ">");
    }

    private static List<String> texts(Element root, String tag) {
        List<String> texts = new ArrayList<>();
        NodeList nodes = root.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }
}
