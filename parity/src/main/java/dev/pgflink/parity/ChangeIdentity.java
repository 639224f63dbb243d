package dev.pgflink.parity;

/**
 * What makes a change the same change on both paths: its table, operation, transaction,
 * position, DMS timestamp and, when configured, its primary-key values. Two records with the
 * same identity and different lines are the same change transformed differently.
 */
record ChangeIdentity(String table, String operation, String key) {
}
