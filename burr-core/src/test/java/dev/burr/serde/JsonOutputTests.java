package dev.burr.serde;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A thread's kept buffer writes every size exactly as Jackson does, small after large and large after small. */
class JsonOutputTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void everySizeWritesWhatJacksonWrites() {
		for (int size : new int[] { 0, 10, 8 * 1024, 8 * 1024 + 1, 70_000, 3, 1_000_000, 1_100_000, 500, 200_000 }) {
			Map<String, Object> value = new LinkedHashMap<>();
			value.put("text", "x".repeat(size));
			value.put("list", List.of(1, "two", Map.of("three", 3.0)));
			assertThat(JsonOutput.write(this.mapper, value)).as("size %d", size)
				.isEqualTo(this.mapper.writeValueAsBytes(value));
		}
	}

	@Test
	void aValueThatFailsToWriteLeavesTheBufferUsable() {
		Map<String, Object> bad = Map.of("self", new Object());
		try {
			JsonOutput.write(this.mapper, bad);
		}
		catch (RuntimeException expected) {
			// Jackson cannot write a bare Object
		}
		Map<String, Object> good = Map.of("k", "v");
		assertThat(JsonOutput.write(this.mapper, good)).isEqualTo(this.mapper.writeValueAsBytes(good));
	}

}
