package org.itsmflow.policy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.web.util.HtmlUtils;

/** The preview and the migration overview as plain HTML pages (the same data as the JSON). */
final class PolicyHtml {

    private static final String CSS = """
            body { font-family: sans-serif; font-size: 10pt; color: #222; margin: 24px; }
            h1 { font-size: 16pt; } h2 { font-size: 12pt; border-bottom: 1px solid #999; margin-top: 20px; }
            table { border-collapse: collapse; margin: 6px 0 12px 0; }
            th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; vertical-align: top; }
            th { background: #eee; } .changed { background: #fff3cd; } small { color: #555; }
            """;

    private PolicyHtml() {
    }

    static String preview(DecisionPreview.Result r) {
        StringBuilder h = start("Preview of " + r.decisionKey());
        h.append("<dl id=\"preview-identity\"><dt>Decision</dt><dd>").append(esc(r.decisionKey()))
                .append("</dd><dt>Compared</dt><dd>").append(esc(r.oldSide())).append(" → ").append(esc(r.newSide()))
                .append("</dd><dt>Period</dt><dd>").append(esc(r.from().toString())).append(" to ")
                .append(esc(r.to().toString())).append(" (end exclusive)</dd><dt>Outputs compared</dt><dd>")
                .append(esc(String.join(", ", r.comparedOutputs()))).append("</dd></dl>");
        DecisionPreview.Counts c = r.counts();
        h.append("<h2>Counts</h2><table id=\"counts\"><tr><th>Cases</th><th>Same</th><th>Different</th>")
                .append("<th>Not replayable</th></tr><tr><td>").append(c.total()).append("</td><td>").append(c.same())
                .append("</td><td>").append(c.different()).append("</td><td>").append(c.notReplayable())
                .append("</td></tr></table>");
        if (r.truncated()) {
            h.append("<p><strong>Only the first ").append(c.total()).append(" cases of the period were replayed; ")
                    .append("narrow the period or raise the limit.</strong></p>");
        }
        h.append("<h2>Changes by outcome</h2><table id=\"pairs\"><tr><th>Old</th><th>New</th><th>Cases</th></tr>");
        for (DecisionPreview.Pair p : c.pairs()) {
            h.append("<tr><td>").append(esc(p.oldOutcome())).append("</td><td>").append(esc(p.newOutcome()))
                    .append("</td><td>").append(p.count()).append("</td></tr>");
        }
        h.append("</table><h2>Cases that change</h2><table id=\"differences\"><tr><th>Case</th><th>Evaluated</th>")
                .append("<th>Inputs</th><th>Old outcome</th><th>Old rule</th><th>New outcome</th><th>New rule</th></tr>");
        for (DecisionPreview.Difference d : r.differences()) {
            h.append("<tr class=\"changed\"><td>").append(esc(d.businessKey() == null ? "" : d.businessKey()))
                    .append("<br/><small>decision instance ").append(esc(d.decisionInstanceId())).append("</small></td><td>")
                    .append(esc(d.evaluatedAt().toString())).append("</td><td>").append(esc(map(d.inputs())))
                    .append("</td>");
            outcome(h, d.oldOutcome());
            outcome(h, d.newOutcome());
            h.append("</tr>");
        }
        return h.append("</table></body></html>").toString();
    }

    private static void outcome(StringBuilder h, DecisionPreview.Outcome o) {
        h.append("<td>").append(esc(o.summary()));
        if (o.error() != null) {
            h.append("<br/><small>").append(esc(o.error())).append("</small>");
        }
        h.append("</td><td>").append(esc(o.rules().stream().map(r -> "#" + r.index() + " " + r.id()
                + (r.annotation() == null ? "" : ": " + r.annotation())).collect(Collectors.joining("; "))))
                .append("</td>");
    }

    static String migration(ProcessMigration.Overview o) {
        StringBuilder h = start("Running instances of " + o.processKey() + " to version " + o.toVersion());
        if (o.steps().isEmpty()) {
            h.append("<p id=\"nothing\">No running instance is on an older version.</p>");
        }
        for (ProcessMigration.Step s : o.steps()) {
            h.append("<h2>From version ").append(s.fromVersion()).append("</h2>");
            if (!s.planProblems().isEmpty()) {
                h.append("<p>The engine refuses the generated plan:</p><ul>");
                s.planProblems().forEach(p -> h.append("<li>").append(esc(p)).append("</li>"));
                h.append("</ul>");
            }
            h.append("<details><summary>Plan: ").append(s.instructions().size())
                    .append(" activities mapped</summary><ul>");
            s.instructions().forEach(i -> h.append("<li>").append(esc(i)).append("</li>"));
            h.append("</ul></details>");
            instances(h, o.executed() ? "Moved" : "Would move", s.migrate());
            instances(h, "Stay on version " + s.fromVersion() + " (no counterpart)", s.stay());
            instances(h, "Refused by the engine", s.refused());
        }
        if (!o.executed() && o.steps().stream().anyMatch(s -> !s.migrate().isEmpty())) {
            h.append("<p><button id=\"migrate\" type=\"button\">Migrate the instances that can move</button> ")
                    .append("<span id=\"outcome\"></span></p><script>")
                    .append("document.getElementById('migrate').addEventListener('click', function () {")
                    .append("this.disabled = true;")
                    .append("fetch(location.pathname, {method: 'POST', headers: {'Content-Type': 'application/json',")
                    .append(" 'Accept': 'application/json'}, body: '{}'}).then(function (r) {")
                    .append("document.getElementById('outcome').textContent = r.ok ? 'Done.' : 'Refused: ' + r.status;")
                    .append("if (r.ok) { location.reload(); } });});</script>");
        }
        return h.append("</body></html>").toString();
    }

    private static void instances(StringBuilder h, String title, List<ProcessMigration.Instance> list) {
        if (list.isEmpty()) {
            return;
        }
        h.append("<h3>").append(esc(title)).append(" (").append(list.size()).append(")</h3><table><tr><th>Case</th>")
                .append("<th>Process instance</th><th>Waiting in</th><th>Why</th></tr>");
        for (ProcessMigration.Instance i : list) {
            h.append("<tr><td>").append(esc(i.businessKey() == null ? "" : i.businessKey())).append("</td><td>")
                    .append(esc(i.processInstanceId())).append("</td><td>")
                    .append(esc(String.join(", ", i.activities()))).append("</td><td>")
                    .append(esc(i.reason() == null ? "" : i.reason())).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static StringBuilder start(String title) {
        return new StringBuilder(16_000).append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"/><title>")
                .append(esc(title)).append("</title><style>").append(CSS).append("</style></head><body><h1>")
                .append(esc(title)).append("</h1>");
    }

    private static String map(Map<String, Object> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text);
    }
}
