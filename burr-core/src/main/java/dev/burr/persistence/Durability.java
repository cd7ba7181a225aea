package dev.burr.persistence;

/**
 * When a step's save must be stored before the step returns; set per application with
 * {@code ApplicationBuilder.withDurability}.
 */
public enum Durability {

	/**
	 * The step returns once its save is committed, so a crash loses nothing that returned. Persisters that
	 * group commits ({@code JdbcStatePersister}, {@code RedisStatePersister}) let the saves of different apps
	 * that arrive while a commit runs share the next one. The default.
	 */
	SYNC,

	/**
	 * The step returns once its save is queued in the persister's bounded {@link dev.burr.persistence.write.WriteBehind}
	 * queue; a writer stores it soon after, in order. A crash can lose the queued tail of an app (at most the
	 * queue's capacity in all), never leave a gap. A save that fails in the background is raised by the app's
	 * next {@code step()} or {@code flush()}.
	 */
	ASYNC

}
