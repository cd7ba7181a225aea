package dev.burr.redis;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code created_at} is written exactly as Python's {@code isoformat()} of a UTC datetime. */
class StepHashTests {

	private static final DateTimeFormatter PYTHON = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

	@Test
	void createdAtIsPythonsIsoFormatAtEveryInstant() {
		Random random = new Random(7);
		long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
		long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
		for (int i = 0; i < 100_000; i++) {
			Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
					random.nextInt(1_000_000_000));
			assertThat(StepHash.formatCreatedAt(instant)).isEqualTo(python(instant));
		}
		for (String edge : new String[] { "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999999999Z",
				"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "+10000-01-01T00:00:00Z" }) {
			Instant instant = Instant.parse(edge);
			assertThat(StepHash.formatCreatedAt(instant)).as(edge).isEqualTo(python(instant));
		}
		assertThat(StepHash.formatCreatedAt(Instant.parse("2024-08-27T18:58:33.909683Z")))
			.isEqualTo("2024-08-27T18:58:33.909683+00:00");
	}

	private static String python(Instant instant) {
		return PYTHON.format(instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
	}

}
