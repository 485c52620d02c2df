package io.driftline.topology.score;

/**
 * The champion's answer on an event its shadow (challenger) scored too: what the shadow's window statistics compare
 * the shadow with.
 *
 * @param label the champion's predicted label, null for regression
 */
public record ChampionScore(String version, double score, String label) {
}
