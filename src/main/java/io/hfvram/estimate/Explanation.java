package io.hfvram.estimate;

/**
 * How one figure was computed: the formula with the inputs that produced it.
 *
 * @param section inference or training
 * @param figure the JSON field it explains
 * @param formula the formula with its inputs substituted, ending in "= bytes"
 * @param bytes the result
 */
public record Explanation(String section, String figure, String formula, long bytes) {}
