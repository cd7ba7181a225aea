package dev.burr.persistence;

/** The persister contract on {@link InMemoryStatePersister}. */
class InMemoryStatePersisterTests extends StateStoreContractTests {

	@Override
	protected StateStore createUninitializedStore() {
		return new InMemoryStatePersister();
	}

	@Override
	protected StateStore createSecondInstanceOnSameStorage() {
		return this.store;
	}

	@Override
	protected boolean hasSchema() {
		return false;
	}

}
