package dev.burr.boot.autoconfigure.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;
import org.jspecify.annotations.Nullable;

/**
 * The observations Burr makes. None has a key holding an application id, partition key or sequence id: those
 * are unbounded, and would make one time series per application.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
public enum BurrObservationDocumentation implements ObservationDocumentation {

	/**
	 * One action run by an application, including the save of its step.
	 */
	STEP(null, DefaultStepObservationConvention.class, StepKeyNames.values()),

	/**
	 * One step saved by a persister.
	 */
	PERSISTENCE_SAVE(DefaultPersistenceObservationConvention.SAVE_NAME, DefaultPersistenceObservationConvention.class,
			PersistenceKeyNames.values()),

	/**
	 * One step loaded by a persister, when an application is built from stored state.
	 */
	PERSISTENCE_LOAD(DefaultPersistenceObservationConvention.LOAD_NAME, DefaultPersistenceObservationConvention.class,
			PersistenceKeyNames.values());

	private final @Nullable String name;

	private final Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention;

	private final KeyName[] lowCardinalityKeyNames;

	BurrObservationDocumentation(@Nullable String name,
			Class<? extends ObservationConvention<? extends Observation.Context>> defaultConvention,
			KeyName[] lowCardinalityKeyNames) {
		this.name = name;
		this.defaultConvention = defaultConvention;
		this.lowCardinalityKeyNames = lowCardinalityKeyNames;
	}

	@Override
	public @Nullable String getName() {
		return this.name;
	}

	@Override
	public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
		return this.defaultConvention;
	}

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		return this.lowCardinalityKeyNames.clone();
	}

	/**
	 * Low-cardinality keys of {@link #STEP}.
	 */
	public enum StepKeyNames implements KeyName {

		/**
		 * Name of the action.
		 */
		ACTION {

			@Override
			public String asString() {
				return "action";
			}

		},

		/**
		 * {@code completed} or {@code failed}.
		 */
		STATUS {

			@Override
			public String asString() {
				return "status";
			}

		}

	}

	/**
	 * Low-cardinality keys of {@link #PERSISTENCE_SAVE} and {@link #PERSISTENCE_LOAD}.
	 */
	public enum PersistenceKeyNames implements KeyName {

		/**
		 * Where state is stored: {@code jdbc}, {@code redis}, {@code memory}, or the persister's class name.
		 */
		BACKEND {

			@Override
			public String asString() {
				return "backend";
			}

		},

		/**
		 * {@code success}, {@code conflict} or {@code error} for a save; {@code found}, {@code not_found} or
		 * {@code error} for a load.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		}

	}

}
