package dev.burr.reliability;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A class that stored data names as its type in the hostile-data tests. Its constructor leaves a mark, so that a
 * test can tell whether anything instantiated it because the data said so.
 */
public final class Canary {

	static final AtomicInteger CONSTRUCTED = new AtomicInteger();

	public String name;

	public Canary() {
		CONSTRUCTED.incrementAndGet();
	}

}
