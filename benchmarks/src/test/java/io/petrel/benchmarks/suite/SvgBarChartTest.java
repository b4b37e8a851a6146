package io.petrel.benchmarks.suite;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgBarChartTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> withClass(Document doc, String tag, String cls) {
        NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (e.getAttribute("class").equals(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<String> texts(Document doc, String cls) {
        return withClass(doc, "text", cls).stream().map(Element::getTextContent).toList();
    }

    @Test
    void drawsOneBarPerValueWithItsLabelAndTheGroupNotes() throws Exception {
        SvgBarChart chart = new SvgBarChart("Producer <100 B> & more", "records/s", List.of("Petrel", "kafka-clients"), false)
                .group("acks=1\nnone", "1.50x", 300_000, 200_000)
                .group("acks=all\nlz4", "0.80x", 160_000, 200_000);

        Document doc = parse(chart.render());

        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals(4, withClass(doc, "rect", "bar").size());
        assertEquals(List.of("300k", "200k", "160k", "200k"), texts(doc, "value"));
        assertEquals(List.of("1.50x", "0.80x"), texts(doc, "note"));
        assertEquals(List.of("acks=1", "none", "acks=all", "lz4"), texts(doc, "group"));
        assertEquals(List.of("Petrel", "kafka-clients"), texts(doc, "legend"));
        assertEquals(List.of("Producer <100 B> & more"), texts(doc, "title"));
    }

    @Test
    void barHeightsAreProportionalToTheValuesOnALinearAxis() throws Exception {
        SvgBarChart chart = new SvgBarChart("t", "y", List.of("a", "b"), false).group("g", "", 100, 50);

        List<Element> bars = withClass(parse(chart.render()), "rect", "bar");

        double tall = Double.parseDouble(bars.get(0).getAttribute("height"));
        double half = Double.parseDouble(bars.get(1).getAttribute("height"));
        assertEquals(2.0, tall / half, 0.02);
    }

    @Test
    void aMissingValueLeavesAGapMarkedNotAvailable() throws Exception {
        SvgBarChart chart = new SvgBarChart("t", "y", List.of("a", "b"), false).group("g", "", 10, Double.NaN);

        Document doc = parse(chart.render());

        assertEquals(1, withClass(doc, "rect", "bar").size());
        assertEquals(List.of("n/a"), texts(doc, "missing"));
    }

    @Test
    void aLogAxisTicksAtPowersOfTenAroundTheValues() throws Exception {
        SvgBarChart chart = new SvgBarChart("latency", "ms", List.of("p50", "p99", "p99.9"), true)
                .group("1 k/s", "", 0.8, 5, 40);

        assertEquals(List.of("0.100", "1.00", "10.0", "100"), texts(parse(chart.render()), "tick"));
    }

    @Test
    void aLinearAxisTicksAtRoundSteps() {
        assertEquals(50_000, SvgBarChart.niceStep(41_000));
        assertEquals(2, SvgBarChart.niceStep(1.3));
        assertEquals(1, SvgBarChart.niceStep(1));
    }

    @Test
    void refusesAGroupWithTheWrongNumberOfValues() {
        SvgBarChart chart = new SvgBarChart("t", "y", List.of("a", "b"), false);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chart.group("g", "", 1));
        assertTrue(e.getMessage().contains("1 values for 2 series"), e.getMessage());
    }
}
