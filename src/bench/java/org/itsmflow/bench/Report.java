package org.itsmflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the run's results.jsonl into the table printed at the end of {@code bench/run}, results.csv and
 * results.json (next to it), and a Markdown table (results.md) for docs/benchmarks.md.
 */
public final class Report {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(null|true|false|-?[0-9.]+|\"((?:[^\"\\\\]|\\\\.)*)\")");

    private Report() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        Path jsonl = Bench.RESULTS;
        Path dir = jsonl.toAbsolutePath().getParent();
        List<String> lines = Files.readAllLines(jsonl);
        List<String[]> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            java.util.Map<String, String> f = new java.util.HashMap<>();
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                String raw = m.group(2);
                f.put(m.group(1), raw.equals("null") ? "" : m.group(3) != null ? m.group(3).replace("\\\"", "\"") : raw);
            }
            String met = f.get("met");
            rows.add(new String[] {f.get("benchmark"), f.get("metric"), format(f.get("value")), f.get("unit"),
                    f.get("target"), met.isEmpty() ? "" : Boolean.parseBoolean(met) ? "met" : "MISSED", f.get("note")});
        }
        ratio(rows, "started/s");
        ratio(rows, "sustained to first task/s");
        ratio(rows, "JVM CPU per incident");
        String[] header = {"benchmark", "metric", "value", "unit", "target", "verdict", "note"};
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-36s %-34s %12s %-6s %-10s %-7s%n", (Object[]) header));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        StringBuilder md = new StringBuilder("| benchmark | metric | value | unit | target | verdict | note |\n"
                + "|---|---|---:|---|---|---|---|\n");
        for (String[] r : rows) {
            table.append(String.format(Locale.ROOT, "%-36s %-34s %12s %-6s %-10s %-7s%n", r[0], r[1], r[2], r[3], r[4], r[5]));
            List<String> cells = new ArrayList<>();
            for (String cell : r) {
                cells.add("\"" + cell.replace("\"", "\"\"") + "\"");
            }
            csv.append(String.join(",", cells)).append('\n');
            md.append("| ").append(String.join(" | ", java.util.Arrays.stream(r).map(c -> c.replace("|", "\\|")).toList()))
                    .append(" |\n");
        }
        Files.writeString(dir.resolve("results.csv"), csv);
        Files.writeString(dir.resolve("results.json"), "[\n" + String.join(",\n", lines.stream()
                .filter(l -> !l.isBlank()).map(l -> "  " + l.strip()).toList()) + "\n]\n");
        Files.writeString(dir.resolve("results.md"), md);
        System.out.print(table);
    }

    /** The product's intake figure over the bare engine's, when both ran. */
    static void ratio(List<String[]> rows, String metric) {
        Double product = null;
        Double bare = null;
        for (String[] r : rows) {
            if (r[1].equals(metric) && r[0].startsWith("intake (product") && !r[2].isEmpty()) {
                product = Double.parseDouble(r[2].replace(",", ""));
            }
            if (r[1].equals(metric) && r[0].startsWith("intake (bare") && !r[2].isEmpty()) {
                bare = Double.parseDouble(r[2].replace(",", ""));
            }
        }
        if (product == null || bare == null || bare == 0) {
            return;
        }
        double ratio = product / bare;
        boolean rate = metric.endsWith("/s");
        rows.add(new String[] {"intake product / bare engine", metric, String.format(Locale.ROOT, "%.2f", ratio), "x",
                rate ? ">= 0.8" : "", rate ? (ratio >= 0.8 ? "met" : "MISSED") : "", "same run, same server"});
    }

    static String format(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        double v = Double.parseDouble(value);
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
