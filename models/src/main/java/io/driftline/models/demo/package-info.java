/**
 * The demo's user: card payments ({@link io.driftline.models.demo.Transactions}) with a hidden fraud rule and
 * drift knobs, and a fraud model trained on them with Oracle Tribuo ({@link io.driftline.models.demo.DemoModel}).
 */
package io.driftline.models.demo;
