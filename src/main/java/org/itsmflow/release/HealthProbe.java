package org.itsmflow.release;

import java.util.List;

/**
 * The health check after a wave is installed (R-10.1h): whether the release's CIs are well after the installation.
 * The default ({@link DefaultHealthProbe}) reads the CMDB and the incident records; a deployment may provide its own
 * bean (monitoring, smoke tests) instead.
 */
public interface HealthProbe {

    /** The verdict on the CIs of a wave at its sites. */
    Result check(String releaseId, int waveNo, List<String> sites, List<String> ciIds);

    /** Healthy or not, and why, for the release's checks. */
    record Result(boolean healthy, String detail) {
    }
}
