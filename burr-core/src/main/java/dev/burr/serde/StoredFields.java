package dev.burr.serde;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectReader;

/**
 * Reads a stored state's JSON object one field at a time, building only the values asked for: a field that is
 * {@linkplain #skip() skipped} is scanned, not materialized. Values come back as {@link StateSerde#fromJson}
 * would give them (codecs applied). Made by {@link StateSerde#storedFields}; not thread-safe.
 */
public final class StoredFields implements AutoCloseable {

	private final StateSerde serde;

	private final ObjectReader values;

	private final JsonParser parser;

	private @Nullable String field;

	StoredFields(StateSerde serde, ObjectReader values, byte[] json) {
		this.serde = serde;
		this.values = values;
		try {
			this.parser = values.createParser(json);
			if (this.parser.nextToken() != JsonToken.START_OBJECT) {
				throw new StateSerdeException("Stored state is not a JSON object");
			}
		}
		catch (JacksonException ex) {
			throw new StateSerdeException("Stored state is not a JSON object: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Moves to the next field; its value must then be read with {@link #value()} or {@link #skip()}.
	 * @return the field's name, or {@code null} at the end of the object
	 */
	public @Nullable String next() {
		try {
			this.field = this.parser.nextName();
			if (this.field != null) {
				this.parser.nextToken();
			}
			return this.field;
		}
		catch (JacksonException ex) {
			throw new StateSerdeException("Stored state is not a JSON object: " + ex.getOriginalMessage(), ex);
		}
	}

	/** The current field's value, through the field's codec when it has one. */
	public @Nullable Object value() {
		String name = current();
		try {
			Object stored = this.values.readValue(this.parser);
			return this.serde.deserializeField(name, stored);
		}
		catch (JacksonException ex) {
			throw new StateSerdeException("Stored state is not a JSON object: field \"" + name + "\" does not parse: "
					+ ex.getOriginalMessage(), ex);
		}
	}

	/** Passes over the current field's value without building it. */
	public void skip() {
		String name = current();
		try {
			this.parser.skipChildren();
		}
		catch (JacksonException ex) {
			throw new StateSerdeException("Stored state is not a JSON object: field \"" + name + "\" does not parse: "
					+ ex.getOriginalMessage(), ex);
		}
	}

	private String current() {
		String name = this.field;
		if (name == null) {
			throw new IllegalStateException("No current field: call next() first");
		}
		return name;
	}

	@Override
	public void close() {
		this.parser.close();
	}

}
