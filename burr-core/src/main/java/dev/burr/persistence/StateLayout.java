package dev.burr.persistence;

/**
 * How a persister lays out the steps it stores.
 */
public enum StateLayout {

	/**
	 * Burr's own layout: every step stores the whole state, exactly as Python Burr does, so that Python Burr and
	 * the Burr UI read it. The default.
	 */
	BURR,

	/**
	 * Each step stores only what its action changed ({@link StateChange}), with a full snapshot at an app's
	 * first step, a fork's first step, every {@code snapshotEvery} steps, and whenever the changes since the
	 * last snapshot outgrow the state. Storage and time per step stay flat as the state grows; only Burr for
	 * Java reads it (copy an app to a {@link #BURR} store for Python Burr).
	 */
	DELTA

}
