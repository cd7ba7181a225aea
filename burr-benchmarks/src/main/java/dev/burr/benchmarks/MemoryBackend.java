package dev.burr.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.burr.core.State;
import dev.burr.persistence.InMemoryStatePersister;
import dev.burr.persistence.StatePersister;
import dev.burr.persistence.Status;

/**
 * In memory. Our {@link InMemoryStatePersister} keeps each step's immutable {@link State} and never serializes,
 * so the raw baseline is the least a hand-written program must do to keep every step: append the message to its
 * own list, take an immutable snapshot ({@code List.copyOf}) and put it in a concurrent map.
 */
final class MemoryBackend implements Backend {

	private volatile InMemoryStatePersister ours = new InMemoryStatePersister();

	private final Map<String, Object> raw = new ConcurrentHashMap<>();

	private final List<Map<String, Object>> messages = new ArrayList<>();

	MemoryBackend() {
		for (int i = 0; i < 4096; i++) {
			this.messages.add(Map.of("role", (i % 2 == 0) ? "user" : "assistant", "content", Chatbot.message(i)));
		}
	}

	@Override
	public String name() {
		return "memory";
	}

	@Override
	public StatePersister ours() {
		return this.ours;
	}

	@Override
	public void reset() {
		this.ours = new InMemoryStatePersister();
		this.raw.clear();
	}

	@Override
	public RawWriter rawWriter(boolean dedicated) {
		return (pk, appId, seq, position, json) -> {
			int size = (int) seq + 1;
			List<Map<String, Object>> history = (size <= this.messages.size()) ? this.messages.subList(0, size)
					: growTo(size);
			this.raw.put(pk + '\u0000' + appId + '\u0000' + seq, Map.of("chat_history", List.copyOf(history),
					State.SEQUENCE_ID_KEY, seq, State.PRIOR_STEP_KEY, position));
		};
	}

	private List<Map<String, Object>> growTo(int size) {
		List<Map<String, Object>> history = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			history.add(this.messages.get(i % this.messages.size()));
		}
		return history;
	}

	@Override
	public RawReader rawReader() {
		return (pk, appId) -> this.raw.get(pk + '\u0000' + appId);
	}

	@Override
	public void populate(List<Row> rows) {
		for (Row row : rows) {
			this.ours.save(row.partitionKey(), row.appId(), row.sequenceId(), row.position(), row.state(),
					Status.COMPLETED);
			this.raw.put(row.partitionKey() + '\u0000' + row.appId(), row.json());
		}
	}

	@Override
	public String rawDescription() {
		return "append to a list, List.copyOf snapshot, ConcurrentHashMap.put (no serialization, as ours)";
	}

	@Override
	public void close() {
		reset();
	}

}
