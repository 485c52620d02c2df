/**
 * The demo's user: a card population with profiles ({@link io.driftline.models.demo.CardPopulation}), their
 * payments simulated in event time with fraud in bursts and drift knobs
 * ({@link io.driftline.models.demo.Transactions}), the per-card window aggregates computed offline as the service
 * computes them ({@link io.driftline.models.demo.WindowAggregates}), and a fraud model trained on the enriched
 * payments with Oracle Tribuo ({@link io.driftline.models.demo.DemoModel}).
 */
package io.driftline.models.demo;
