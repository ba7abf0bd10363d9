package io.tiergate.ops;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.tiergate.testing.Management;

/** One scrape of {@code /q/metrics} on the management interface, read as Prometheus' text format. */
final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*?)})? (\\S+)( # .*)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;

    private Scrape(String text) {
        this.text = text;
    }

    static Scrape now() {
        return new Scrape(Management.request().when().get("/q/metrics").then().statusCode(200)
                .extract().asString());
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels}. */
    double value(String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> have = new java.util.HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    have.put(l.group(1), l.group(2));
                }
            }
            if (have.entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(m.group(4));
            }
        }
        return sum;
    }

    double value(String name) {
        return value(name, Map.of());
    }

    boolean has(String name) {
        return text.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
    }

    String text() {
        return text;
    }
}
