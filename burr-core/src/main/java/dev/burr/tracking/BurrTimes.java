package dev.burr.tracking;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Timestamps as Burr's tracker writes them: step, span and event times in naive local time
 * ({@code 2024-08-27T11:59:58.577318}), {@code time_logged} in UTC with {@code Z}.
 */
final class BurrTimes {

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

	private final Clock clock;

	BurrTimes(Clock clock) {
		this.clock = clock;
	}

	/** Now, as naive local time ({@code datetime.now()} in Burr). */
	String localNow() {
		return LocalDateTime.now(this.clock).format(LOCAL);
	}

	/** Now, in UTC with a {@code Z} suffix. */
	String utcNow() {
		return OffsetDateTime.now(this.clock.withZone(ZoneOffset.UTC)).format(UTC);
	}

	/**
	 * The instant a time written by Burr stands for, accepting what Burr's UI accepts: ISO-8601 with or
	 * without offset and fraction, a space instead of {@code T}, or epoch seconds. Naive times are local to
	 * {@code zone}.
	 */
	static Optional<Instant> parse(@Nullable Object value, ZoneId zone) {
		if (value instanceof Number number) {
			double seconds = number.doubleValue();
			return Optional.of(Instant.ofEpochSecond((long) Math.floor(seconds),
					(long) ((seconds - Math.floor(seconds)) * 1_000_000_000L)));
		}
		if (!(value instanceof String text) || text.isBlank()) {
			return Optional.empty();
		}
		String iso = text.trim().replace(' ', 'T');
		try {
			return Optional.of(OffsetDateTime.parse(iso).toInstant());
		}
		catch (DateTimeParseException notOffset) {
			try {
				return Optional.of(LocalDateTime.parse(iso).atZone(zone).toInstant());
			}
			catch (DateTimeParseException notLocal) {
				return Optional.empty();
			}
		}
	}

}
