package io.driftline.topology.stats;

/**
 * What a task sends to the merge stage when one of its windows closes: its statistics of one model version over
 * the window (possibly empty, for a partition that stayed idle), the input partition they come from and how many
 * input partitions there are, so that the merge knows when it has heard from all of them.
 *
 * @param inputPartitions input partitions when the window closed; 0 when unknown (the merge then waits out the
 *                        idle allowance)
 */
record WindowPartial(WindowStats stats, int sourcePartition, int inputPartitions) {
}
