package org.itsmflow.platform;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of our API is an RFC 9457 {@code application/problem+json} a person can act on. Bad input is a 400
 * whose {@code errors} list names each bad field; unknown ids 404; forbidden 403; conflicts 409. Anything else is
 * logged and answered 500 without internals — a bug to fix, never an expected answer.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(fieldError(error.getField(), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(fieldError(error.getObjectName(), error.getDefaultMessage())));
        return problem(HttpStatus.BAD_REQUEST, describe(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(e -> errors.add(fieldError(name, e.getDefaultMessage())));
        });
        return problem(HttpStatus.BAD_REQUEST, describe(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getCause();
        if (cause instanceof SafeTextModule.UnsafeTextException unsafe) {
            String field = path(unsafe);
            return problem(HttpStatus.BAD_REQUEST, "Field '" + field + "' " + unsafe.getOriginalMessage(),
                    List.of(fieldError(field, unsafe.getOriginalMessage())));
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return problem(HttpStatus.BAD_REQUEST, "Unknown field '" + field + "'",
                    List.of(fieldError(field, "is not a field of this request")));
        }
        if (cause instanceof InvalidFormatException invalid) {
            String field = path(invalid);
            String message = "has an invalid value '" + shorten(invalid.getValue()) + "'";
            Class<?> target = invalid.getTargetType();
            if (target != null && target.isEnum()) {
                message += "; allowed (exactly as written): " + java.util.Arrays.stream(target.getEnumConstants())
                        .map(Object::toString).collect(Collectors.joining(", "));
            } else if (target != null) {
                message += "; expected " + expected(target);
            }
            return problem(HttpStatus.BAD_REQUEST, "Field '" + field + "' " + message,
                    List.of(fieldError(field, message)));
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            String type = mismatch.getTargetType() == null ? "another type" : expected(mismatch.getTargetType());
            return problem(HttpStatus.BAD_REQUEST, "Field '" + field + "' has the wrong type; expected " + type,
                    List.of(fieldError(field, "has the wrong type; expected " + type)));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            return problem(HttpStatus.BAD_REQUEST, "Field '" + field + "' cannot be read: " + mapping.getOriginalMessage(),
                    List.of(fieldError(field, "cannot be read")));
        }
        if (cause instanceof JsonProcessingException parse) {
            String where = parse.getLocation() == null ? ""
                    : " at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr();
            String why = parse.getOriginalMessage() == null ? "" : ": " + shorten(parse.getOriginalMessage());
            return problem(HttpStatus.BAD_REQUEST, "The request body is not valid JSON" + where + why,
                    List.of(fieldError("body", "is not valid JSON" + where)));
        }
        return problem(HttpStatus.BAD_REQUEST, "The request body is missing or unreadable",
                List.of(fieldError("body", "is missing or unreadable")));
    }

    /**
     * A body in a format the endpoint does not read (a form, multipart, XML, text): 415 naming the header to fix.
     * Multipart bodies are resolved lazily ({@code spring.servlet.multipart.resolve-lazily}), so a broken boundary
     * reaches this point instead of failing while the request is parsed.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String sent = ex.getContentType() == null ? "none" : shorten(ex.getContentType());
        String accepted = ex.getSupportedMediaTypes().isEmpty() ? MediaType.APPLICATION_JSON_VALUE
                : ex.getSupportedMediaTypes().stream().map(MediaType::toString).distinct()
                        .filter(type -> type.startsWith("application/json")).findFirst()
                        .orElse(ex.getSupportedMediaTypes().get(0).toString());
        String message = "must be " + accepted + " (was " + sent + ")";
        ResponseEntity<Object> answer = problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Header 'Content-Type' " + message,
                List.of(fieldError(HttpHeaders.CONTENT_TYPE, message)));
        return ResponseEntity.status(answer.getStatusCode()).headers(h -> {
            h.addAll(answer.getHeaders());
            h.setAccept(List.of(MediaType.APPLICATION_JSON));
        }).body(answer.getBody());
    }

    /** A multipart body that cannot be parsed (missing or broken boundary), should anything parse one: 400. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> brokenMultipart(MultipartException ex) {
        String message = "is multipart with a missing or broken boundary; send application/json";
        return problem(HttpStatus.BAD_REQUEST, "Header 'Content-Type' " + message,
                List.of(fieldError(HttpHeaders.CONTENT_TYPE, message)));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response == null) {
            return null;
        }
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(response.getBody());
    }

    /**
     * A body Jackson cannot bind at all (e.g. a record property given twice in one object when duplicate detection
     * is off): the client's input, so a 400, not a 500.
     */
    @ExceptionHandler(org.springframework.http.converter.HttpMessageConversionException.class)
    ResponseEntity<Object> unconvertible(org.springframework.http.converter.HttpMessageConversionException ex) {
        log.warn("Request body could not be bound: {}", ex.getMostSpecificCause().getMessage());
        return problem(HttpStatus.BAD_REQUEST, "The request body cannot be read as this request",
                List.of(fieldError("body", "cannot be read as this request")));
    }

    @ExceptionHandler(InvalidFieldException.class)
    ResponseEntity<Object> invalidField(InvalidFieldException ex) {
        return problem(HttpStatus.BAD_REQUEST, "Field '" + ex.field() + "' " + ex.getMessage(),
                List.of(fieldError(ex.field(), ex.getMessage())));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
        String message = "has an invalid value '" + shorten(ex.getValue()) + "'";
        return problem(HttpStatus.BAD_REQUEST, "Parameter '" + ex.getName() + "' " + message,
                List.of(fieldError(ex.getName(), message)));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException ex) {
        List<Map<String, String>> errors = ex.getConstraintViolations().stream()
                .map(v -> fieldError(lastNode(v.getPropertyPath().toString()), v.getMessage())).toList();
        return problem(HttpStatus.BAD_REQUEST, describe(errors), errors);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND,
                ex.field() == null ? ex.getMessage() : "Field '" + ex.field() + "': " + ex.getMessage(),
                ex.field() == null ? null : List.of(fieldError(ex.field(), ex.getMessage())));
    }

    /**
     * Conflicts, including the database's: an optimistic-locking failure, and a lock the transaction could not get
     * or a deadlock it lost (e.g. two CMDB writes meeting on the topology version row and a CI row in opposite
     * order): nothing was written, the caller may retry.
     */
    @ExceptionHandler({ConflictException.class, OptimisticLockingException.class,
            org.springframework.dao.ConcurrencyFailureException.class})
    ResponseEntity<Object> conflict(RuntimeException ex) {
        String detail = ex instanceof ConflictException ? ex.getMessage()
                : "The record was changed by someone else at the same time; read it again and retry";
        return problem(HttpStatus.CONFLICT, detail, null);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException ex) {
        log.info("Refused a write that breaks a database constraint: {}", ex.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "The request conflicts with existing records (a duplicate or a missing reference)", null);
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationException.class})
    ResponseEntity<Object> forbidden(RuntimeException ex) {
        return problem(HttpStatus.FORBIDDEN, "Your groups do not allow this action", null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; it has been logged. Nothing was changed by this request.", null);
    }

    /** What a field of this Java type takes, in JSON terms (strict binding: docs/security/binding.md). */
    static String expected(Class<?> type) {
        if (type == String.class) {
            return "a JSON string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == java.time.LocalDate.class) {
            return "an ISO-8601 date string such as \"2026-12-31\"";
        }
        if (type.getName().startsWith("java.time.")) {
            return "an ISO-8601 date-time string such as \"2026-12-31T09:00:00Z\"";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        return type.getSimpleName();
    }

    /** A rejected value as the answer repeats it: at most 100 characters, control characters removed. */
    static String shorten(Object value) {
        String text = ApiAuditLog.Sanitizer.printable(String.valueOf(value));
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    static Map<String, String> fieldError(String field, String message) {
        return Map.of("field", field, "message", message == null ? "is invalid" : message);
    }

    private static String describe(List<Map<String, String>> errors) {
        if (errors.isEmpty()) {
            return "The request is invalid";
        }
        return "Invalid request: " + errors.stream().map(e -> "'" + e.get("field") + "' " + e.get("message"))
                .collect(Collectors.joining("; "));
    }

    private static String path(JsonMappingException ex) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : ex.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (errors != null && !errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        org.springframework.web.context.request.RequestAttributes attrs =
                org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (attrs instanceof org.springframework.web.context.request.ServletRequestAttributes servlet) {
            problem.setInstance(ProblemWriter.instance(servlet.getRequest().getRequestURI()));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
