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

class SvgLineChartTest {

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

    private static double attr(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }

    @Test
    void drawsALineAndAMarkerPerPointOfEachSeries() throws Exception {
        SvgLineChart chart = new SvgLineChart("Partitions & <more>", "partitions", "records/s",
                List.of("Petrel", "kafka-clients"), false)
                .point(0, 1, 300_000).point(0, 10, 250_000).point(0, 100, 100_000)
                .point(1, 1, 200_000).point(1, 10, 180_000).point(1, 100, 90_000);

        Document doc = parse(chart.render());

        assertEquals(2, withClass(doc, "polyline", "line").size());
        assertEquals(6, withClass(doc, "circle", "marker").size());
        assertEquals(List.of("1.00", "10.0", "100"), texts(doc, "xtick"));
        assertEquals(List.of("Petrel", "kafka-clients"), texts(doc, "legend"));
        assertEquals(List.of("Partitions & <more>"), texts(doc, "title"));
    }

    @Test
    void theXAxisIsLogarithmicAndTheYAxisLinearFromZero() throws Exception {
        SvgLineChart chart = new SvgLineChart("t", "x", "y", List.of("a"), false)
                .point(0, 1, 100).point(0, 10, 50).point(0, 100, 0);

        List<Element> markers = withClass(parse(chart.render()), "circle", "marker");

        double x1 = attr(markers.get(0), "cx");
        double x10 = attr(markers.get(1), "cx");
        double x100 = attr(markers.get(2), "cx");
        assertEquals(x10 - x1, x100 - x10, 0.2); // each decade the same width
        double y100 = attr(markers.get(0), "cy");
        double y50 = attr(markers.get(1), "cy");
        double y0 = attr(markers.get(2), "cy");
        assertEquals(y0 - y50, y50 - y100, 0.2, "50 halfway between 0 and 100");
    }

    @Test
    void aMissingPointBreaksTheLineInsteadOfJoiningAcrossIt() throws Exception {
        SvgLineChart chart = new SvgLineChart("t", "x", "y", List.of("a"), false)
                .point(0, 1, 10).point(0, 10, Double.NaN).point(0, 100, 8).point(0, 1000, 6);

        Document doc = parse(chart.render());

        assertEquals(3, withClass(doc, "circle", "marker").size());
        List<Element> lines = withClass(doc, "polyline", "line");
        assertEquals(1, lines.size(), "the lone first point has no line; 100 to 1000 has one");
        assertEquals(2, lines.get(0).getAttribute("points").split(" ").length);
    }

    @Test
    void aLogYAxisTicksAtPowersOfTen() throws Exception {
        SvgLineChart chart = new SvgLineChart("t", "x", "y", List.of("a"), true).point(0, 10, 2_000).point(0, 100, 90);

        assertEquals(List.of("10.0", "100", "1.0k", "10k"), texts(parse(chart.render()), "ytick"));
    }

    @Test
    void theChartIsWideEnoughForItsLegend() throws Exception {
        List<String> series = List.of("broker-stub, Petrel", "broker-stub, kafka-clients", "Kafka, Petrel",
                "Kafka, kafka-clients");
        SvgLineChart chart = new SvgLineChart("t", "x", "y", series, false);
        for (int s = 0; s < series.size(); s++) {
            chart.point(s, 1, 1).point(s, 10, 2);
        }

        Document doc = parse(chart.render());

        double width = attr(doc.getDocumentElement(), "width");
        Element last = withClass(doc, "text", "legend").get(series.size() - 1);
        assertTrue(attr(last, "x") + 7 * last.getTextContent().length() <= width,
                "legend ends inside the " + width + " px chart");
    }

    @Test
    void refusesAPointItCannotPlace() {
        SvgLineChart chart = new SvgLineChart("t", "x", "y", List.of("a"), false);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> chart.point(0, 0, 1)).getMessage()
                .contains("positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> chart.point(1, 1, 1)).getMessage()
                .contains("No series 1"));
        assertTrue(assertThrows(IllegalStateException.class, chart::render).getMessage().contains("no points"));
    }
}
