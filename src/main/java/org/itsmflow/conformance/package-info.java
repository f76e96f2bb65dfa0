/**
 * The conformance SPI and the reporter that joins it with the models, beneath the features so that every feature
 * can contribute evidence without importing {@code reporting}: a feature implements {@link
 * org.itsmflow.conformance.ConformanceCheck} as a Spring bean, returns {@link org.itsmflow.conformance.Evidence}
 * for a {@link org.itsmflow.conformance.ReportPeriod}, and may use {@link org.itsmflow.conformance.Figures} and
 * {@link org.itsmflow.conformance.ProcessTrace}. {@link org.itsmflow.conformance.ConformanceReporter} collects the
 * checks; {@code reporting} renders its report. This package imports only {@code platform}
 * ({@code org.itsmflow.architecture.ArchitectureTest}).
 */
package org.itsmflow.conformance;
