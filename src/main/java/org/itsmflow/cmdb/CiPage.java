package org.itsmflow.cmdb;

import java.util.List;

/** One page of a CI search: {@code page} counts from 0, {@code total} is the number of matches on all pages. */
public record CiPage(List<ConfigurationItem> items, int page, int size, long total) {
}
