package org.itsmflow.platform;

/** A request that contradicts the current state of a record: answered 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
