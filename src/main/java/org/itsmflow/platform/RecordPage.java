package org.itsmflow.platform;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a record list: {@code page} counts from 0, {@code size} is the page size asked for, {@code total} the
 * number of matches on all pages.
 */
public record RecordPage<T>(List<T> items, int page, int size, long total) {

    /** The same page with each item turned into another. */
    public <R> RecordPage<R> map(Function<? super T, ? extends R> mapper) {
        return new RecordPage<>(items.stream().<R>map(mapper).toList(), page, size, total);
    }
}
