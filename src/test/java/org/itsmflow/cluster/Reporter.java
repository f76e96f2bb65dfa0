package org.itsmflow.cluster;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator: raises incidents with {@code POST /api/incidents} the way an integrator would behind a load
 * balancer. A refused connection means the request never reached the node, so it goes to the other node. A request
 * whose connection breaks after it was sent (the node died mid-request) is "in doubt": after the crash the client
 * looks for it (by its unique title) and raises it again only if it is not there — the API has no idempotency key,
 * so this is what a careful client must do, and the check counts it.
 */
final class Reporter implements Figures.Client {

    private final HttpClient http;
    private final String authorization;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failedOver = new AtomicInteger();
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final List<String> inDoubt = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> titles = new CopyOnWriteArrayList<>();
    private int inDoubtFound;
    private int reRaised;

    Reporter(HttpClient http, String user, String password) {
        this.http = http;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Raises one incident on {@code preferred}, or on {@code other} when {@code preferred} refuses the connection. */
    void raise(String title, Node preferred, Node other) throws InterruptedException {
        sent.incrementAndGet();
        titles.add(title);
        try {
            send(title, preferred.base());
        } catch (ConnectException refused) {
            failedOver.incrementAndGet();
            try {
                send(title, other.base());
            } catch (IOException e) {
                inDoubt.add(title);
            }
        } catch (IOException broken) {
            inDoubt.add(title);
        }
    }

    private void send(String title, URI base) throws IOException, InterruptedException {
        String body = """
                {"title": "%s", "description": "Raised by the two-node check", "serviceId": "%s",
                 "category": "other", "impact": "LOW", "urgency": "LOW"}""".formatted(title, ClusterDatabase.SERVICE_ID);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/incidents"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 201) {
            acknowledged.add(title);
        } else {
            // an error answer: the transaction was rolled back or never started; treat as in doubt and look
            problems.add(title + " -> HTTP " + response.statusCode() + " " + response.body());
            inDoubt.add(title);
        }
    }

    /**
     * After a crash: every request in doubt is looked for; found ones count as recorded, missing ones are raised
     * again on the survivor.
     */
    void resolveInDoubt(ClusterDatabase db, Node survivor) throws SQLException, InterruptedException {
        List<String> open = new ArrayList<>(inDoubt);
        List<String> found = db.existing(open);
        inDoubtFound += found.size();
        acknowledged.addAll(found);
        for (String title : open) {
            if (!found.contains(title)) {
                reRaised++;
                try {
                    send(title, survivor.base());
                } catch (IOException e) {
                    problems.add(title + " -> raised again on " + survivor.name() + ": " + e);
                }
            }
        }
        inDoubt.removeAll(open);
        doubtTotal += open.size();
    }

    private int doubtTotal;

    List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    @Override
    public List<String> titles() {
        return List.copyOf(titles);
    }

    @Override
    public int sent() {
        return sent.get();
    }

    @Override
    public List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    @Override
    public int inDoubt() {
        return doubtTotal + inDoubt.size();
    }

    @Override
    public int inDoubtFound() {
        return inDoubtFound;
    }

    @Override
    public int reRaised() {
        return reRaised;
    }

    @Override
    public int failedOver() {
        return failedOver.get();
    }
}
