package org.itsmflow.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Incident lists and search at 100k incidents (issue 18): {@code GET /api/incidents} over HTTP as the service desk
 * (sara) and as a customer (kate), with filters, free text and deep pages; p50 and p95 of each, target p95 &lt; 100 ms.
 *
 * <p>The incidents are written straight into the table (one INSERT … SELECT from generate_series) until 100k exist:
 * titles and descriptions drawn from a vocabulary of everyday words, plus a reference word that 20 incidents share
 * (a rare word for free text), spread over the services of the demo catalogue, four priorities, the five statuses
 * (half of them closed) and 500 reporters (1 % kate). They have no process instances and no SLA clocks, so the
 * figures are those of the list query itself plus the per-page SLA and task look-ups finding nothing.
 *
 * <p>Settings: BENCH_INCIDENTS (100000), BENCH_LIST_SAMPLES (100 per query).
 */
public final class RecordLists {

    static final String[] WORDS = {"invoice", "printer", "network", "timeout", "password", "login", "mail",
        "server", "disk", "backup", "database", "slow", "error", "crash", "vpn", "laptop", "screen", "report",
        "payment", "order", "shipping", "ledger", "license", "update", "certificate", "firewall", "wifi", "phone",
        "meeting", "calendar", "account", "locked", "access", "denied", "missing", "delay", "queue", "batch",
        "export", "import", "upload", "download", "sync", "portal", "browser", "page", "blank", "memory", "cpu",
        "storage"};

    private RecordLists() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        int wanted = Bench.env("BENCH_INCIDENTS", 100_000);
        int samples = Bench.env("BENCH_LIST_SAMPLES", 100);
        long count;
        try (Connection db = Bench.db()) {
            count = fill(db, wanted);
        }
        String note = count + " incidents";
        measure("list: open P1+P2 of erp", "/api/incidents?status=OPEN&priority=P1,P2&serviceId=erp", "sara",
                samples, note);
        measure("list: newest, no filter", "/api/incidents", "sara", samples, note);
        measure("list: open by priority, page 50", "/api/incidents?status=OPEN&sort=priority&page=50", "sara",
                samples, note);
        measure("list: group + created range",
                "/api/incidents?group=servicedesk&createdFrom=2026-01-01&createdTo=2027-01-01&sort=-created", "sara",
                samples, note);
        measure("search: common word", "/api/incidents?q=" + enc("timeout"), "sara", samples, note);
        measure("search: two words", "/api/incidents?q=" + enc("printer delay"), "sara", samples, note);
        measure("search: rare word", "/api/incidents?q=r4242", "sara", samples, note);
        measure("search: word + filters", "/api/incidents?status=OPEN&priority=P1,P2&q=" + enc("ledger"), "sara",
                samples, note);
        measure("customer: own list (kate)", "/api/incidents?status=OPEN", "kate", samples, note);
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Adds incidents until {@code wanted} exist; returns how many exist. */
    static long fill(Connection db, int wanted) throws Exception {
        try (Statement st = db.createStatement()) {
            long have = single(st, "select count(*) from incident");
            List<String> services = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select id from service order by id")) {
                while (rs.next()) {
                    services.add(rs.getString(1));
                }
            }
            if (have < wanted) {
                String words = array(List.of(WORDS));
                st.execute("insert into incident (id, title, description, service_id, category, impact, urgency, "
                        + "priority, assignment_group, status, reported_by, reported_at, updated_at, version) "
                        + "select 'INC-B' || lpad(g::text, 7, '0'), "
                        + "initcap(w[1 + (g * 7) % n]) || ' ' || w[1 + (g * 13) % n] || ' ' || w[1 + (g * 17) % n], "
                        + "'Users report ' || w[1 + (g * 3) % n] || ' and ' || w[1 + (g * 11) % n] || ' on the ' "
                        + "|| w[1 + (g * 19) % n] || ' since this morning; ref r' || (g % 5000), "
                        + "s[1 + g % array_length(s, 1)], 'software', 'LOW', 'LOW', 'P' || (1 + g % 4), "
                        + "grp[1 + g % 4], st[1 + g % 10], "
                        + "case when g % 100 = 0 then 'kate' else 'user' || (g % 500) end, "
                        + "timestamptz '2026-12-01 00:00:00+00' - g * interval '5 minutes', "
                        + "timestamptz '2026-12-01 00:00:00+00' - g * interval '2 minutes', 1 "
                        + "from generate_series(" + (have + 1) + ", " + wanted + ") g, "
                        + "(select " + words + " w, " + array(services) + " s, "
                        + "array['servicedesk', 'secondline', 'network', 'security'] grp, "
                        + "array['NEW', 'IN_PROGRESS', 'PENDING_CUSTOMER', 'RESOLVED', 'RESOLVED', 'CLOSED', "
                        + "'CLOSED', 'CLOSED', 'CLOSED', 'CLOSED'] st, " + WORDS.length + " n) v");
            }
            st.execute("analyze incident");
            return single(st, "select count(*) from incident");
        }
    }

    static String array(List<String> values) {
        return "array[" + String.join(", ", values.stream().map(v -> "'" + v.replace("'", "''") + "'").toList())
                + "]::varchar[]";
    }

    static long single(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void measure(String name, String path, String user, int samples, String note) {
        String body = null;
        for (int i = 0; i < 5; i++) {
            body = TaskList.check(Bench.get(path, user));
        }
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long begin = System.nanoTime();
            body = TaskList.check(Bench.get(path, user));
            nanos[i] = System.nanoTime() - begin;
        }
        long[] sorted = Bench.sorted(nanos, samples);
        String total = body.replaceAll("(?s).*\"total\":(\\d+).*", "$1");
        Bench.result(name, "p50", Bench.percentileMs(sorted, 50), "ms", null, null,
                note + "; as " + user + "; " + path + "; total " + total);
        double p95 = Bench.percentileMs(sorted, 95);
        Bench.result(name, "p95", p95, "ms", "< 100", p95 < 100, null);
    }
}
