package org.itsmflow.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny SMTP server for the benchmarks (issue 9): it accepts every message and keeps none, so the application's
 * mail is really handed to SMTP over a socket (connection, envelope, data, as with a relay) and its cost counted,
 * without the sink's memory growing like GreenMail's. Runs in its own JVM (started by {@code bench/run} before the
 * application, {@code BENCH_SMTP_PORT}); its CPU is not the application's. Prints the count of messages every 10 s
 * when it changed.
 *
 * <p>Arguments: port (default 2525).
 */
public final class SmtpSink {

    private static final AtomicLong MESSAGES = new AtomicLong();

    private SmtpSink() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 2525;
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("SMTP sink on 127.0.0.1:" + port);
            Thread reporter = new Thread(() -> {
                long last = -1;
                while (true) {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = MESSAGES.get();
                    if (now != last) {
                        System.out.println("messages accepted: " + now);
                        last = now;
                    }
                }
            });
            reporter.setDaemon(true);
            reporter.start();
            while (true) {
                Socket socket = server.accept();
                new Thread(() -> serve(socket)).start();
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1)); OutputStream out = socket.getOutputStream()) {
            reply(out, "220 sink ESMTP");
            String line;
            boolean data = false;
            while ((line = in.readLine()) != null) {
                if (data) {
                    if (line.equals(".")) {
                        data = false;
                        MESSAGES.incrementAndGet();
                        reply(out, "250 OK queued");
                    }
                    continue;
                }
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250 8BITMIME");
                    case "HELO" -> reply(out, "250 sink");
                    case "DATA" -> {
                        data = true;
                        reply(out, "354 end with .");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
