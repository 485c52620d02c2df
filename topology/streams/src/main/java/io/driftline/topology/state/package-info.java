/**
 * State is a contract too: one versioned layout scheme for the values of every internal state store.
 *
 * <p>Every store is typed with the serde of its value type, a {@link io.driftline.topology.state.StateLayout}
 * built where the type lives (for instance {@code KeyValueStore<String, AlertState>}); no code passes
 * {@code byte[]} around to decode by hand. Every value written starts with one layout version byte; the type
 * declares its current version and writer, and a reader for each version it still reads. A version this build does
 * not know fails with a {@link io.driftline.topology.state.StateLayoutException} naming the store, the version
 * found and the versions known, never a silent misread and never state that starts over unnoticed.
 *
 * <p>Store names and changelog topics are contracts as well: they never change with a layout.
 *
 * <h2>The rule for changing a layout</h2>
 * <ul>
 *   <li><b>Bump the version</b> whenever the bytes change in any way a reader of the current version would misread
 *       or reject: a field added, removed, reordered, widened or given another meaning. Adding a version never
 *       reuses a number. A change that only alters the Java type and writes identical bytes needs no bump.</li>
 *   <li><b>Keep the previous version's reader</b> for at least one release after the bump (restarts must never
 *       need a person to delete state: an upgrade restores the changelog written by the release before it). It
 *       maps the old value onto the new type, with a default for what the old layout did not hold, and says so in
 *       its javadoc.</li>
 *   <li><b>A test reading the previous layout is required</b>, from bytes as the previous release wrote them
 *       (committed as a fixture, or produced by the old writer kept in the test), beside a round-trip test of the
 *       current layout. A layout that had no version byte keeps a predicate that recognises its bytes and only its
 *       bytes (a length no versioned value can have, or a first byte no version uses), tested the same way.</li>
 *   <li>Removing a reader is a change of its own, in a later release, named in the release notes.</li>
 *   <li>Readers go one way: a release reads the layouts before it, not the ones after. A task that moves back to an
 *       instance of the previous release (a rolling upgrade, a rollback) meets a version it does not know; where
 *       that release had versions it fails clearly, but a layout that had none is misread. So the release that
 *       first writes a new version says, in its notes, to stop every instance before starting the new one.</li>
 * </ul>
 *
 * <p>Not in the scheme: {@code enrich-profiles}, the global table of the entity profiles topic. It restores from
 * that topic, not from a changelog, so its values are the topic's records (a topic contract, with its schema)
 * and cannot carry a layout byte of ours.
 */
package io.driftline.topology.state;
