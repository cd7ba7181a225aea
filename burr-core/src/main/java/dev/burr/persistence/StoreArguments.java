package dev.burr.persistence;

import java.util.Objects;

/** Argument checks shared by {@link StateStore} implementations, with messages naming the argument. */
public final class StoreArguments {

	private StoreArguments() {
	}

	/** Checks the paging arguments of {@link StateStore#listApps}. */
	public static void checkPage(int offset, int limit) {
		if (offset < 0) {
			throw new IllegalArgumentException("offset must be 0 or more, but was " + offset);
		}
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be 1 or more, but was " + limit);
		}
	}

	/** Checks the {@code keepLast} argument of {@link StateStore#pruneKeepLast}. */
	public static void checkKeepLast(int keepLast) {
		if (keepLast < 1) {
			throw new IllegalArgumentException(
					"keepLast must be 1 or more so that the application can still be resumed, but was " + keepLast);
		}
	}

	/** Checks that an application id is given and not blank. */
	public static String checkAppId(String appId) {
		if (Objects.requireNonNull(appId, "appId must not be null").isBlank()) {
			throw new IllegalArgumentException("appId must not be blank");
		}
		return appId;
	}

}
