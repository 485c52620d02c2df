/**
 * Reference profiles from a user's own data ({@code model publish --reference}): rows read from a CSV, Parquet,
 * newline-delimited JSON or Avro file, encoded and scored exactly as serving encodes and scores events, profiled
 * with the same {@code ProfileBuilder} as the demo model, plus the reference performance when the rows are
 * labelled and golden examples from rows that were scored.
 */
package io.driftline.app.reference;
