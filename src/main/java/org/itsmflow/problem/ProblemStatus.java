package org.itsmflow.problem;

/** Lifecycle of a problem record, in process order. */
public enum ProblemStatus {
    NEW, INVESTIGATING, KNOWN_ERROR, FIX_PENDING, WATCHING, REOPENED, CLOSED
}
