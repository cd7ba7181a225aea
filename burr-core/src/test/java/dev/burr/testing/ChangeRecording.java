package dev.burr.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;

import dev.burr.persistence.StateChange;
import dev.burr.persistence.StateStore;

/** A store that records the change each engine save ({@code save} with a {@link StateChange}) was told. */
public final class ChangeRecording {

	private ChangeRecording() {
	}

	/** {@code store}, adding the change of every seven-argument save to {@code changes}. */
	public static StateStore recording(StateStore store, List<StateChange> changes) {
		return (StateStore) Proxy.newProxyInstance(ChangeRecording.class.getClassLoader(),
				new Class<?>[] { StateStore.class }, (proxy, method, args) -> {
					if (method.getName().equals("save") && args.length == 7) {
						changes.add((StateChange) args[6]);
					}
					try {
						return method.invoke(store, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
