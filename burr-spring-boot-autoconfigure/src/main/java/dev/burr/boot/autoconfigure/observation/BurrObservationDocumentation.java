package dev.burr.boot.autoconfigure.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

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
	STEP {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultStepObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return StepKeyNames.values();
		}

	},

	/**
	 * One step saved by a persister.
	 */
	PERSISTENCE_SAVE {

		@Override
		public String getName() {
			return DefaultPersistenceObservationConvention.SAVE_NAME;
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPersistenceObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return PersistenceKeyNames.values();
		}

	},

	/**
	 * One step loaded by a persister, when an application is built from stored state.
	 */
	PERSISTENCE_LOAD {

		@Override
		public String getName() {
			return DefaultPersistenceObservationConvention.LOAD_NAME;
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPersistenceObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return PersistenceKeyNames.values();
		}

	};

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
