/**
 * Reference profiles: what training data looked like, the baseline of drift tests. {@link
 * io.driftline.models.drift.Bins} fixes the binning convention shared by profile builders and drift tests.
 */
package io.driftline.models.profile;
