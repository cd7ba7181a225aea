package dev.burr.boot.autoconfigure.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateStore;
import dev.burr.serde.StateSerde;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} {@code burr}: the applications of a partition, most recent first and paged
 * ({@code /actuator/burr?partitionKey=user-1&offset=0&limit=20}), and the stored steps of one application
 * ({@code /actuator/burr/{appId}?partitionKey=user-1}). Steps hold the state as stored, so expose the endpoint
 * only where that state may be read.
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@Endpoint(id = "burr")
public class BurrEndpoint {

	static final int DEFAULT_LIMIT = 20;

	static final int MAX_LIMIT = 500;

	private final StateStore store;

	private final StateSerde serde;

	/**
	 * Creates an endpoint.
	 * @param store where the applications are stored
	 * @param serde how their state is turned into JSON
	 */
	public BurrEndpoint(StateStore store, StateSerde serde) {
		this.store = store;
		this.serde = serde;
	}

	/**
	 * One page of a partition's applications, most recent activity first.
	 * @param partitionKey the partition, none (the {@code ""} partition) when absent
	 * @param offset applications to skip, 0 when absent
	 * @param limit most applications to list, 20 when absent, at most 500
	 * @return the page
	 */
	@ReadOperation
	public AppsDescriptor apps(@Nullable String partitionKey, @Nullable Integer offset, @Nullable Integer limit) {
		String partition = (partitionKey != null) ? partitionKey : "";
		int from = (offset != null) ? Math.max(0, offset) : 0;
		int size = (limit != null) ? Math.min(MAX_LIMIT, Math.max(1, limit)) : DEFAULT_LIMIT;
		List<AppDescriptor> apps = this.store.listApps(partition, from, size)
			.stream()
			.map((app) -> new AppDescriptor(app.appId(), app.latestSequenceId(), app.lastWrittenAt()))
			.toList();
		return new AppsDescriptor(partition, from, size, apps);
	}

	/**
	 * The stored steps of one application, by ascending sequence id.
	 * @param appId the application
	 * @param partitionKey its partition, none (the {@code ""} partition) when absent
	 * @return its steps, or {@code null} (a 404) when it is not stored
	 */
	@ReadOperation
	public @Nullable HistoryDescriptor app(@Selector String appId, @Nullable String partitionKey) {
		String partition = (partitionKey != null) ? partitionKey : "";
		List<PersistedState> history = this.store.history(partition, appId);
		if (history.isEmpty()) {
			return null;
		}
		return new HistoryDescriptor(partition, appId, history.stream().map(this::step).toList());
	}

	private StepDescriptor step(PersistedState step) {
		return new StepDescriptor(step.sequenceId(), step.position(), step.status().name().toLowerCase(),
				step.createdAt(), this.serde.serialize(step.state()));
	}

	/**
	 * One page of applications.
	 *
	 * @param partitionKey the partition
	 * @param offset applications skipped
	 * @param limit most applications listed
	 * @param apps the applications, most recent activity first
	 */
	public record AppsDescriptor(String partitionKey, int offset, int limit, List<AppDescriptor> apps) {
	}

	/**
	 * One application of a page.
	 *
	 * @param appId application id
	 * @param latestSequenceId its highest stored sequence id
	 * @param lastWrittenAt when its latest step was written
	 */
	public record AppDescriptor(String appId, long latestSequenceId, Instant lastWrittenAt) {
	}

	/**
	 * The stored steps of one application.
	 *
	 * @param partitionKey its partition
	 * @param appId application id
	 * @param steps its steps, by ascending sequence id
	 */
	public record HistoryDescriptor(String partitionKey, String appId, List<StepDescriptor> steps) {
	}

	/**
	 * One stored step.
	 *
	 * @param sequenceId sequence id
	 * @param position action that ran
	 * @param status {@code completed} or {@code failed}
	 * @param createdAt when it was written
	 * @param state state after the action (before it, when it failed), as stored
	 */
	public record StepDescriptor(long sequenceId, String position, String status, Instant createdAt,
			Map<String, @Nullable Object> state) {
	}

}
