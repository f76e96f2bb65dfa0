package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The database's own conflicts (a lost deadlock, a lock not granted, an optimistic lock) are 409 problems, never 500. */
class ApiExceptionHandlerTest {

    private final ApiExceptionHandler handler = new ApiExceptionHandler();

    @Test
    @DisplayName("deadlock loser, lock not granted and optimistic-lock failures answer 409 problem+json")
    void databaseConflictsAre409() {
        for (RuntimeException conflict : new RuntimeException[] {
                new PessimisticLockingFailureException("deadlock detected"),
                new CannotAcquireLockException("lock not available"),
                new OptimisticLockingFailureException("row changed")}) {
            // the handler Spring MVC picks for this exception is the conflict one (not the catch-all 500)
            assertThat(new org.springframework.web.method.annotation.ExceptionHandlerMethodResolver(
                    ApiExceptionHandler.class).resolveMethodByThrowable(conflict))
                    .as(conflict.getClass().getSimpleName()).isNotNull()
                    .extracting(java.lang.reflect.Method::getName).isEqualTo("conflict");
            ResponseEntity<Object> answer = handler.conflict(conflict);
            assertThat(answer.getStatusCode()).as(conflict.getClass().getSimpleName()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }
}
