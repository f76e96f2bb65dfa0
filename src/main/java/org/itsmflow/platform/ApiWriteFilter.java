package org.itsmflow.platform;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Every write through {@code /api/**} (any method but GET, HEAD, OPTIONS, TRACE) passes here after authentication:
 * <ol>
 * <li><b>Body limit</b>: a body over {@code itsm.api.max-body-bytes} (256 KB) is refused with a 413 problem before
 * any controller parses it.</li>
 * <li><b>Idempotency</b>: a POST with an {@code Idempotency-Key} header claims the key for its user; the same key
 * and the same request again get the first answer replayed (same status, Location and body, header
 * {@code Idempotency-Replayed: true}) and create nothing; the same key with another request is a 422; while the
 * first is still being answered a duplicate gets a 409.</li>
 * <li><b>Audit log</b>: after the answer, one append-only {@link ApiAuditLog} row: who, when, method, path, status,
 * the record written (Location) and a summary of the body (size, SHA-256, its start).</li>
 * </ol>
 */
class ApiWriteFilter extends OncePerRequestFilter {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotency-Replayed";
    static final String ANONYMOUS = "anonymous";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Logger log = LoggerFactory.getLogger(ApiWriteFilter.class);

    private final ApiAuditLog audit;
    private final IdempotencyKeys keys;
    private final ObjectMapper json;
    private final int maxBodyBytes;

    ApiWriteFilter(ApiAuditLog audit, IdempotencyKeys keys, ObjectMapper json, int maxBodyBytes) {
        this.audit = audit;
        this.keys = keys;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return READS.contains(request.getMethod()) || !pathOf(request).startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Instant at = Instant.now();
        String user = user();
        String path = pathOf(request);
        String key = request.getHeader(IDEMPOTENCY_KEY);
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        byte[] body = null;
        try {
            try {
                body = readLimited(request);
            } catch (IOException unreadable) {
                // a broken chunked encoding, a body shorter than its Content-Length, a client gone mid-body
                body = new byte[0];
                problem(request, answer, HttpStatus.BAD_REQUEST, "The request body could not be read: "
                        + ApiAuditLog.Sanitizer.printable(String.valueOf(unreadable.getMessage())), "body",
                        "could not be read");
                return;
            }
            if (body == null) {
                problem(request, answer, HttpStatus.PAYLOAD_TOO_LARGE, "The request body is larger than "
                        + maxBodyBytes / 1024 + " KB", "body", "is larger than " + maxBodyBytes / 1024 + " KB");
                return;
            }
            CachedBodyRequest cached = new CachedBodyRequest(request, body);
            if (key == null || !"POST".equals(request.getMethod())) {
                chain.doFilter(cached, answer);
                return;
            }
            if (key.isBlank() || key.length() > 200 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                problem(request, answer, HttpStatus.BAD_REQUEST, "Header " + IDEMPOTENCY_KEY + " must be 1 to 200 "
                        + "visible ASCII characters", IDEMPOTENCY_KEY, "must be 1 to 200 visible ASCII characters");
                return;
            }
            idempotent(cached, answer, chain, user, key, path, body);
        } finally {
            record(request, answer, at, user, path, key, body);
            answer.copyBodyToResponse();
        }
    }

    private void idempotent(HttpServletRequest request, ContentCachingResponseWrapper answer, FilterChain chain,
            String user, String key, String path, byte[] body) throws IOException, ServletException {
        String hash = sha256(request.getMethod(), path, body);
        Optional<IdempotencyKeys.Stored> earlier = keys.claim(user, key, request.getMethod(), path, hash);
        if (earlier.isPresent()) {
            IdempotencyKeys.Stored stored = earlier.get();
            if (!stored.requestHash().equals(hash)) {
                problem(request, answer, HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency-Key '" + key + "' was used "
                        + "for another request; use a new key for a new request", IDEMPOTENCY_KEY,
                        "was used for another request");
            } else if (!stored.answered()) {
                problem(request, answer, HttpStatus.CONFLICT, "The first request with Idempotency-Key '" + key
                        + "' is still being answered; retry shortly", IDEMPOTENCY_KEY, "is in use by a running request");
            } else {
                answer.setStatus(stored.status());
                answer.setHeader(REPLAYED, "true");
                if (stored.location() != null) {
                    answer.setHeader(HttpHeaders.LOCATION, stored.location());
                }
                if (stored.contentType() != null) {
                    answer.setContentType(stored.contentType());
                }
                if (stored.body() != null) {
                    answer.getOutputStream().write(stored.body().getBytes(StandardCharsets.UTF_8));
                }
            }
            return;
        }
        boolean stored = false;
        try {
            chain.doFilter(request, answer);
            int status = answer.getStatus();
            if (status >= 200 && status < 300) {
                keys.complete(user, key, status, answer.getHeader(HttpHeaders.LOCATION), answer.getContentType(),
                        new String(answer.getContentAsByteArray(), StandardCharsets.UTF_8));
                stored = true;
            }
        } finally {
            if (!stored) {
                keys.release(user, key);
            }
        }
    }

    private void record(HttpServletRequest request, ContentCachingResponseWrapper answer, Instant at, String user,
            String path, String key, byte[] body) {
        try {
            String location = answer.getHeader(HttpHeaders.LOCATION);
            audit.append(new ApiAuditLog.Entry(null, at, user, request.getMethod(), path, answer.getStatus(),
                    location, recordId(location), key, summary(request, body)));
        } catch (RuntimeException e) {
            log.error("Could not write the audit log entry of {} {} by {}", request.getMethod(), path, user, e);
        }
    }

    private byte[] readLimited(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBodyBytes) {
                    return null;
                }
            }
        }
        return out.toByteArray();
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail,
            String field, String message) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(ProblemWriter.instance(pathOf(request)));
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static String user() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()
                ? ANONYMOUS : auth.getName();
    }

    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    static String recordId(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        String path = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String summary(HttpServletRequest request, byte[] body) {
        if (body == null) {
            return "body over the size limit (" + request.getContentLengthLong() + " bytes declared)";
        }
        String start = new String(body, 0, Math.min(body.length, 2000), StandardCharsets.UTF_8);
        return (request.getContentType() == null ? "no content type" : request.getContentType()) + "; "
                + body.length + " bytes; sha256=" + sha256(body) + "; " + start;
    }

    static String sha256(String method, String path, byte[] body) {
        byte[] head = (method + " " + path + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return sha256(all);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The request with its body read once, so that the controller reads it again from memory. */
    static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            java.nio.charset.Charset charset = StandardCharsets.UTF_8;
            try {
                if (getCharacterEncoding() != null) {
                    charset = java.nio.charset.Charset.forName(getCharacterEncoding());
                }
            } catch (IllegalArgumentException unknownCharset) {
                // a made-up charset in the Content-Type: read as UTF-8; the JSON reader reports what is wrong
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
