/**
 * Lineage: given a correlation id, the causal graph of the conversation, with its events as nodes and
 * "caused by" as edges. Read from the log ({@link dev.chorus.core.lineage.Lineage#scan}) or from an index
 * kept beside the log by a small subscriber ({@link dev.chorus.core.lineage.LineageIndex}); both give the
 * same graph.
 */
@NullMarked
package dev.chorus.core.lineage;

import org.jspecify.annotations.NullMarked;
