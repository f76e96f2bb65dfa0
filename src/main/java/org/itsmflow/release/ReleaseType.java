package org.itsmflow.release;

/** Kinds of release the release policy knows (R-10.1a); an emergency release is tied to an emergency change (R-10.1f). */
public enum ReleaseType {
    MAJOR, MINOR, PATCH, EMERGENCY
}
