/**
 * The demo's user: a card population with profiles ({@link io.driftline.devkit.payments.CardPopulation}), their
 * payments simulated in event time with fraud in bursts and drift knobs
 * ({@link io.driftline.devkit.payments.Transactions}), the per-card window aggregates computed offline as the service
 * computes them ({@link io.driftline.devkit.payments.WindowAggregates}), and a fraud model trained on the enriched
 * payments with Oracle Tribuo ({@link io.driftline.devkit.payments.DemoModel}).
 */
package io.driftline.devkit.payments;
