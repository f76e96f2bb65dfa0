package org.itsmflow.platform;

import org.camunda.bpm.engine.AuthorizationException;

/**
 * A separation-of-duties refusal: nobody approves their own change (R-9.2d), nobody audits their own work
 * (R-4.3b). It is an {@link AuthorizationException}, so every door answers it as a refusal: our API with a 403
 * problem, the engine REST API and the webapps with a 403, Java callers with the exception itself. Thrown from a
 * task or execution listener the engine wraps it in a generic exception (a 500 through the engine REST API);
 * {@link SeparationOfDutiesPlugin} unwraps it again before it leaves the engine.
 */
public class SeparationOfDutiesException extends AuthorizationException {

    private static final long serialVersionUID = 1L;

    public SeparationOfDutiesException(String message) {
        super(message);
    }
}
