package org.itsmflow.platform;

/** An id that names no record: answered 404 with a problem naming what was looked for. */
public class NotFoundException extends RuntimeException {

    private final String field;

    public NotFoundException(String what, String id) {
        this(what, id, null);
    }

    /** @param field the request field that carried the unknown id, or null when it was a path segment */
    public NotFoundException(String what, String id, String field) {
        super(what + " '" + id + "' does not exist");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
